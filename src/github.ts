/**
 * What the action asks GitHub, through @actions/github: the sticky plan
 * comment on a pull request, and who approved the run's environment.
 * Both are best effort: a missing permission is a warning that names it.
 */
import * as github from '@actions/github';
import { describeError } from './errors.js';
import type { Logger } from './runtime.js';

/** Hidden in the comment so the next plan updates it instead of adding another. */
export const COMMENT_MARKER_PREFIX = '<!-- jit-rbac-action:plan';

export interface Approval {
  login: string;
  state: string;
  environments: string[];
  comment: string;
}

function status(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null ? (err as { status?: number }).status : undefined;
}

function pullRequestNumber(): number | undefined {
  const { eventName, payload } = github.context;
  if (eventName !== 'pull_request' && eventName !== 'pull_request_target') return undefined;
  return payload.pull_request?.number ?? payload.number;
}

/** Creates or updates this workflow job's one plan comment on the pull request. */
export async function upsertPlanComment(
  token: string,
  body: string,
  log: Logger,
  key = '',
): Promise<'created' | 'updated' | 'skipped'> {
  const issueNumber = pullRequestNumber();
  if (!issueNumber) return 'skipped';
  const { owner, repo } = github.context.repo;
  // One comment per workflow job and set of vaults, so matrix legs do not overwrite each other.
  const marker = `${COMMENT_MARKER_PREFIX} ${github.context.workflow}/${github.context.job}${key ? ` ${key}` : ''} -->`;
  const octokit = github.getOctokit(token);
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    const mine = comments.find((c) => c.body?.includes(marker));
    const text = `${marker}\n${body}`;
    if (mine) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
      return 'updated';
    }
    await octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: text });
    return 'created';
  } catch (err) {
    const hint =
      status(err) === 403 || status(err) === 404
        ? " Give the job 'permissions: pull-requests: write' to let it comment."
        : '';
    log.warning(
      `Could not post the plan on pull request #${issueNumber}: ${describeError(err)}.${hint} The plan is in the step summary.`,
    );
    return 'skipped';
  }
}

/** The run's environment approvals (who approved the deployment, and for which environment). */
export async function readApprovals(token: string, log: Logger): Promise<Approval[]> {
  const { owner, repo } = github.context.repo;
  const runId = github.context.runId;
  try {
    const octokit = github.getOctokit(token);
    const { data } = await octokit.request(
      'GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals',
      { owner, repo, run_id: runId },
    );
    return (
      data as Array<{
        state: string;
        comment?: string;
        user?: { login?: string };
        environments?: Array<{ name?: string }>;
      }>
    ).map((a) => ({
      login: a.user?.login ?? 'unknown',
      state: a.state,
      comment: a.comment ?? '',
      environments: (a.environments ?? []).map((e) => e.name ?? ''),
    }));
  } catch (err) {
    const hint =
      status(err) === 403 || status(err) === 404
        ? " Give the job 'permissions: actions: read' to record who approved."
        : '';
    log.warning(`Could not read the run's environment approvals: ${describeError(err)}.${hint}`);
    return [];
  }
}
