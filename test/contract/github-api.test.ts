// The emulated GitHub REST API against the real Octokit of @actions/github:
// issue comments (with paging), a run's approvals, and GitHub's 401 and 403.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { GitHub } from '@actions/github/lib/utils';
import { startEmulator, type Emulator } from '../emulator/index.js';
import {
  addApproval,
  addComment,
  addGitHubToken,
  commentsOf,
  githubUser,
} from '../emulator/github-api.js';

const owner = 'octo-org';
const repo = 'octo-repo';

/** What Octokit throws for an HTTP error (@octokit/request-error's RequestError). */
interface HttpError extends Error {
  status: number;
  response?: { data: unknown; headers: Record<string, string | undefined> };
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ name: 'HttpError' });
  return err as HttpError;
}

describe('GitHub REST API through @actions/github', () => {
  let emulator: Emulator;
  let octokit: ReturnType<typeof getOctokit>;
  beforeAll(async () => {
    emulator = await startEmulator();
    const token = addGitHubToken(emulator, {
      'pull-requests': 'write',
      issues: 'write',
      actions: 'read',
    });
    octokit = getOctokit(token, { baseUrl: emulator.endpoints.githubApiUrl });
  });
  afterAll(() => emulator.close());

  it('creates, lists and updates a comment', async () => {
    const created = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 1,
      body: 'Plan: grant Key Vault Secrets Officer on kv-rotation',
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      body: 'Plan: grant Key Vault Secrets Officer on kv-rotation',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `https://github.com/${owner}/${repo}/issues/1#issuecomment-${created.data.id}`,
    });
    expect(created.data.url).toBe(
      `${emulator.endpoints.githubApiUrl}/repos/${owner}/${repo}/issues/comments/${created.data.id}`,
    );
    expect(created.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    emulator.clock.advance(60_000);
    const updated = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: created.data.id,
      body: 'Plan: done',
    });
    expect(updated.status).toBe(200);
    expect(updated.data.updated_at > updated.data.created_at).toBe(true);

    const listed = await octokit.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(listed.data.map((c) => [c.id, c.body])).toEqual([[created.data.id, 'Plan: done']]);
    expect(commentsOf(emulator, `${owner}/${repo}`, 1)[0]?.body).toBe('Plan: done');
  });

  it('pages comments with a Link header that paginate follows', async () => {
    const someone = githubUser('hubot');
    for (let i = 0; i < 7; i++)
      addComment(emulator, `${owner}/${repo}`, 2, `comment ${i}`, someone);

    const first = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number: 2,
      per_page: 2,
    });
    expect(first.data).toHaveLength(2);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain(`${emulator.endpoints.githubApiUrl}/repos/`);

    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 2,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `comment ${i}`));
    expect(all[0]?.user).toMatchObject({ login: 'hubot', type: 'User' });

    const pages = emulator.state.log.filter(
      (e) => e.service === 'github-api' && e.path.endsWith('/issues/2/comments'),
    );
    expect(pages.length).toBeGreaterThanOrEqual(1 + 4);
  });

  it('answers an empty page past the end without a next link', async () => {
    const past = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number: 2,
      per_page: 5,
      page: 3,
    });
    expect(past.data).toEqual([]);
    expect(past.headers.link ?? '').not.toContain('rel="next"');
  });

  it('lists the reviews of a run', async () => {
    addApproval(emulator, `${owner}/${repo}`, 4242, {
      state: 'approved',
      environments: ['secret-rotation'],
      comment: 'Go ahead',
    });
    addApproval(emulator, `${owner}/${repo}`, 4242, {
      state: 'rejected',
      environments: ['production'],
      user: 'mona',
    });

    const reviews = await octokit.rest.actions.getReviewsForRun({ owner, repo, run_id: 4242 });
    expect(reviews.status).toBe(200);
    expect(reviews.data).toMatchObject([
      {
        state: 'approved',
        comment: 'Go ahead',
        environments: [{ name: 'secret-rotation' }],
        user: { login: 'octocat', id: 583231 },
      },
      {
        state: 'rejected',
        comment: '',
        environments: [{ name: 'production' }],
        user: { login: 'mona' },
      },
    ]);
    const none = await octokit.rest.actions.getReviewsForRun({ owner, repo, run_id: 1 });
    expect(none.data).toEqual([]);
  });

  it('answers 404 for a comment of another repository', async () => {
    const [comment] = commentsOf(emulator, `${owner}/${repo}`, 1);
    const err = await failure(
      octokit.rest.issues.updateComment({
        owner,
        repo: 'other-repo',
        comment_id: comment?.id ?? 0,
        body: 'x',
      }),
    );
    expect(err.status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    const anonymous = new GitHub({ baseUrl: emulator.endpoints.githubApiUrl });
    const err = await failure(anonymous.rest.issues.listComments({ owner, repo, issue_number: 1 }));
    expect(err.status).toBe(401);
    expect(err.response?.data).toMatchObject({ message: 'Requires authentication' });
  });

  it('answers 401 for an unknown token', async () => {
    const stranger = getOctokit('ghs_unknown', { baseUrl: emulator.endpoints.githubApiUrl });
    const err = await failure(stranger.rest.issues.listComments({ owner, repo, issue_number: 1 }));
    expect(err.status).toBe(401);
    expect(err.message).toContain('Bad credentials');
  });

  it('answers 403 with the accepted permissions for a read-only token', async () => {
    const readOnly = getOctokit(addGitHubToken(emulator, { issues: 'read', actions: 'none' }), {
      baseUrl: emulator.endpoints.githubApiUrl,
    });
    const listed = await readOnly.rest.issues.listComments({ owner, repo, issue_number: 1 });
    expect(listed.status).toBe(200);

    const err = await failure(
      readOnly.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'no' }),
    );
    expect(err.status).toBe(403);
    expect(err.response?.data).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
      status: '403',
    });
    expect(err.response?.headers['x-accepted-github-permissions']).toBe(
      'issues=write; pull_requests=write',
    );

    const runs = await failure(readOnly.rest.actions.getReviewsForRun({ owner, repo, run_id: 1 }));
    expect(runs.status).toBe(403);
    expect(runs.response?.headers['x-accepted-github-permissions']).toBe('actions=read');
  });

  it('accepts pull-requests permission alone for issue comments', async () => {
    const prOnly = getOctokit(addGitHubToken(emulator, { 'pull-requests': 'write' }), {
      baseUrl: emulator.endpoints.githubApiUrl,
    });
    const created = await prOnly.rest.issues.createComment({
      owner,
      repo,
      issue_number: 3,
      body: 'on a pull request',
    });
    expect(created.status).toBe(201);
  });

  it('answers 422 for a comment without a body', async () => {
    const err = await failure(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: 1,
      } as never),
    );
    expect(err.status).toBe(422);
  });

  // A runner sets GITHUB_API_URL before node starts; @actions/github reads it
  // when first imported, and the process trusts the CA via NODE_EXTRA_CA_CERTS.
  it('is found through GITHUB_API_URL in a fresh process', async () => {
    const token = addGitHubToken(emulator, { issues: 'read' });
    const script = [
      "import { getOctokit } from '@actions/github';",
      'const octokit = getOctokit(process.env.TOKEN);',
      "const r = await octokit.rest.issues.listComments({ owner: 'octo-org', repo: 'octo-repo', issue_number: 2 });",
      'console.log(JSON.stringify(r.data.map((c) => c.body)));',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: process.cwd(),
        env: { ...process.env, GITHUB_API_URL: emulator.endpoints.githubApiUrl, TOKEN: token },
      },
    );
    expect(JSON.parse(stdout)).toHaveLength(7);
  });
});
