/**
 * The slice of GitHub's REST API (https://docs.github.com/rest) the action uses,
 * served under `/_github/api` so `@actions/github`'s Octokit reaches it through
 * `GITHUB_API_URL` or its `baseUrl` option:
 * - issue comments: list (paged with `per_page`, `page` and a `Link` header),
 *   create, update (https://docs.github.com/rest/issues/comments);
 * - a workflow run's review history, the approvals of its environments
 *   (https://docs.github.com/rest/actions/workflow-runs#get-the-review-history-for-a-workflow-run).
 * Tokens carry a GITHUB_TOKEN's `permissions:` block. No token is 401
 * "Requires authentication"; a token without the permission is 403 "Resource
 * not accessible by integration" with `x-accepted-github-permissions` naming
 * what would have been enough, as GitHub answers a GitHub App token.
 * Note: issues and runs are not modelled; any issue number or run id exists,
 * with no comments or reviews until some are added.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  json,
  jsonBody,
  type EmulatorRequest,
  type EmulatorResponse,
  type Endpoints,
  type Service,
  type ServiceContext,
} from './http.js';
import type {
  EmulatorState,
  GitHubApproval,
  GitHubComment,
  GitHubEnvironment,
  GitHubPermissions,
  GitHubUser,
} from './state.js';

export const GITHUB_API_PATH = '/_github/api';

const DOCS = 'https://docs.github.com/rest';
const COMMENT_DOCS = `${DOCS}/issues/comments`;
const RUN_DOCS = `${DOCS}/actions/workflow-runs`;

/** The author of everything a GITHUB_TOKEN writes. */
export const GITHUB_ACTIONS_BOT: GitHubUser = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
  html_url: 'https://github.com/apps/github-actions',
};

/** What the helpers below need of an Emulator. */
interface EmulatorLike {
  state: EmulatorState;
  endpoints: Endpoints;
}

type Level = 'read' | 'write';

interface Route {
  method: string;
  pattern: RegExp;
  /** The operation's documentation, which GitHub puts in every error body. */
  docs: string;
  /** Any one of these permissions is enough (issue comments work on PRs too). */
  accepts: Array<[permission: string, level: Level]>;
  /** Every route names a repository and then one number: an issue, comment or run. */
  handle(repo: string, n: string, req: EmulatorRequest, ctx: ServiceContext): EmulatorResponse;
}

const ISSUE_COMMENTS = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/;
const ONE_COMMENT = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/;
const RUN_APPROVALS = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/approvals$/;

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: ISSUE_COMMENTS,
    docs: `${COMMENT_DOCS}#list-issue-comments`,
    accepts: [
      ['issues', 'read'],
      ['pull_requests', 'read'],
    ],
    handle: (repo, issue, req, ctx) => listComments(ctx, repo, issue, req),
  },
  {
    method: 'POST',
    pattern: ISSUE_COMMENTS,
    docs: `${COMMENT_DOCS}#create-an-issue-comment`,
    accepts: [
      ['issues', 'write'],
      ['pull_requests', 'write'],
    ],
    handle: (repo, issue, req, ctx) => createComment(ctx, repo, issue, req),
  },
  {
    method: 'PATCH',
    pattern: ONE_COMMENT,
    docs: `${COMMENT_DOCS}#update-an-issue-comment`,
    accepts: [
      ['issues', 'write'],
      ['pull_requests', 'write'],
    ],
    handle: (repo, id, req, ctx) => updateComment(ctx, repo, id, req),
  },
  {
    method: 'GET',
    pattern: RUN_APPROVALS,
    docs: `${RUN_DOCS}#get-the-review-history-for-a-workflow-run`,
    accepts: [['actions', 'read']],
    handle: (repo, runId, _req, ctx) =>
      json(200, ctx.state.github.approvals.get(runKey(repo, runId)) ?? []),
  },
];

/** GitHub's error body: `message`, `documentation_url`, and the status as a string. */
function githubError(status: number, message: string, docs: string, code: string) {
  return { ...json(status, { message, documentation_url: docs, status: String(status) }), code };
}

function commentKey(repo: string, issue: number | string): string {
  return `${repo.toLowerCase()}#${issue}`;
}

function runKey(repo: string, runId: number | string): string {
  return `${repo.toLowerCase()}/${runId}`;
}

/** GitHub's timestamps: ISO 8601 in UTC, whole seconds. */
function timestamp(state: EmulatorState): string {
  return new Date(state.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(String(id)).toString('base64url')}`;
}

function accepted(route: Route): string {
  return route.accepts.map(([permission, level]) => `${permission}=${level}`).join('; ');
}

/** True when the token's block grants one of the route's permissions. */
function permits(permissions: GitHubPermissions, route: Route): boolean {
  return route.accepts.some(([permission, level]) => {
    // Workflow files spell it `pull-requests`; the header spells it `pull_requests`.
    const granted = permissions[permission] ?? permissions[permission.replace(/_/g, '-')];
    return granted === 'write' || (granted === 'read' && level === 'read');
  });
}

function authorize(req: EmulatorRequest, ctx: ServiceContext, route: Route) {
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return githubError(401, 'Requires authentication', DOCS, 'RequiresAuthentication');
  const permissions = ctx.state.github.tokens.get(token);
  if (!permissions) return githubError(401, 'Bad credentials', DOCS, 'BadCredentials');
  if (permits(permissions, route)) return undefined;
  return githubError(
    403,
    'Resource not accessible by integration',
    route.docs,
    'ResourceNotAccessibleByIntegration',
  );
}

function pageParameter(req: EmulatorRequest, name: string, fallback: number, max: number) {
  const value = Number.parseInt(req.query.get(name) ?? '', 10);
  return Number.isFinite(value) && value >= 1 ? Math.min(value, max) : fallback;
}

/** GitHub's `Link` header: first, prev, next and last pages that exist. */
function linkHeader(ctx: ServiceContext, req: EmulatorRequest, page: number, pages: number) {
  const url = (n: number) => {
    const query = new URLSearchParams([...req.query.entries()]);
    query.set('page', String(n));
    return `<${ctx.endpoints.githubApiUrl}${req.path.slice(GITHUB_API_PATH.length)}?${query}>`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`${url(page - 1)}; rel="prev"`);
  if (page < pages) links.push(`${url(page + 1)}; rel="next"`, `${url(pages)}; rel="last"`);
  if (page > 1) links.push(`${url(1)}; rel="first"`);
  return links.join(', ');
}

/** Lists comments oldest first, 30 a page by default and 100 at most, as GitHub does. */
function listComments(
  ctx: ServiceContext,
  repo: string,
  issue: string,
  req: EmulatorRequest,
): EmulatorResponse {
  const since = req.query.get('since');
  const all = (ctx.state.github.comments.get(commentKey(repo, issue)) ?? []).filter(
    (c) => !since || c.updated_at >= since,
  );
  const perPage = pageParameter(req, 'per_page', 30, 100);
  const page = pageParameter(req, 'page', 1, Number.MAX_SAFE_INTEGER);
  const pages = Math.max(1, Math.ceil(all.length / perPage));

  const items = all.slice((page - 1) * perPage, page * perPage);
  const link = linkHeader(ctx, req, page, pages);
  return json(200, items, link ? { link } : undefined);
}

function bodyOf(req: EmulatorRequest): string | undefined {
  const body = jsonBody<{ body?: unknown }>(req)?.body;
  return typeof body === 'string' ? body : undefined;
}

function missingBody(docs: string) {
  return githubError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', docs, 'ValidationFailed');
}

function createComment(
  ctx: ServiceContext,
  repo: string,
  issue: string,
  req: EmulatorRequest,
): EmulatorResponse {
  const body = bodyOf(req);
  if (body === undefined) return missingBody(`${COMMENT_DOCS}#create-an-issue-comment`);

  const comment = storeComment(ctx, repo, Number(issue), body, GITHUB_ACTIONS_BOT);
  return { ...json(201, comment, { location: comment.url }), caller: GITHUB_ACTIONS_BOT.login };
}

function updateComment(
  ctx: ServiceContext,
  repo: string,
  id: string,
  req: EmulatorRequest,
): EmulatorResponse {
  const docs = `${COMMENT_DOCS}#update-an-issue-comment`;
  const prefix = `${repo.toLowerCase()}#`;
  const comment = [...ctx.state.github.comments.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .flatMap(([, comments]) => comments)
    .find((c) => c.id === Number(id));
  if (!comment) return githubError(404, 'Not Found', docs, 'NotFound');
  const body = bodyOf(req);
  if (body === undefined) return missingBody(docs);

  comment.body = body;
  comment.updated_at = timestamp(ctx.state);
  return { ...json(200, comment), caller: GITHUB_ACTIONS_BOT.login };
}

function storeComment(
  ctx: EmulatorLike,
  repo: string,
  issue: number,
  body: string,
  user: GitHubUser,
): GitHubComment {
  const { state, endpoints } = ctx;
  const id = state.github.nextId++;
  const now = timestamp(state);
  const comment: GitHubComment = {
    id,
    node_id: nodeId('IC', id),
    url: `${endpoints.githubApiUrl}/repos/${repo}/issues/comments/${id}`,
    html_url: `https://github.com/${repo}/issues/${issue}#issuecomment-${id}`,
    issue_url: `${endpoints.githubApiUrl}/repos/${repo}/issues/${issue}`,
    body,
    user,
    author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
    created_at: now,
    updated_at: now,
  };
  const key = commentKey(repo, issue);
  state.github.comments.set(key, [...(state.github.comments.get(key) ?? []), comment]);
  return comment;
}

export const githubApiService: Service = {
  name: 'github-api',
  matches: (req) => req.host === 'localhost' && req.path.startsWith(`${GITHUB_API_PATH}/`),
  async handle(req, ctx) {
    const path = req.path.slice(GITHUB_API_PATH.length);
    const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(path));
    if (!route) return githubError(404, 'Not Found', DOCS, 'NotFound');

    const headers = {
      'x-accepted-github-permissions': accepted(route),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomUUID().toUpperCase(),
    };
    const [, owner = '', repo = '', n = ''] = route.pattern.exec(path) ?? [];
    const answer = authorize(req, ctx, route) ?? route.handle(`${owner}/${repo}`, n, req, ctx);
    return { ...answer, headers: { ...headers, ...answer.headers } };
  },
};

/** Registers a GITHUB_TOKEN-like token (`ghs_…`) with a `permissions:` block. */
export function addGitHubToken(emulator: EmulatorLike, permissions: GitHubPermissions): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const token = `ghs_${[...randomBytes(36)].map((b) => alphabet[b % alphabet.length]).join('')}`;
  emulator.state.github.tokens.set(token, permissions);
  return token;
}

/** A user as GitHub shows it; the id is derived from the login when not given. */
export function githubUser(login: string, id?: number): GitHubUser {
  const derived = id ?? [...login].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 9_000_000, 7);
  return {
    login,
    id: derived,
    node_id: nodeId('U', derived),
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    html_url: `https://github.com/${login}`,
  };
}

/** Seeds a comment, e.g. one someone else wrote before the run. */
export function addComment(
  emulator: EmulatorLike,
  repo: string,
  issue: number,
  body: string,
  user: GitHubUser = GITHUB_ACTIONS_BOT,
): GitHubComment {
  return storeComment(emulator, repo, issue, body, user);
}

/** The comments on an issue or pull request, oldest first. */
export function commentsOf(emulator: EmulatorLike, repo: string, issue: number): GitHubComment[] {
  return [...(emulator.state.github.comments.get(commentKey(repo, issue)) ?? [])];
}

export interface ApprovalSeed {
  state: GitHubApproval['state'];
  /** Environment names the review covers. */
  environments: string[];
  /** Reviewer login; `octocat` by default. */
  user?: string;
  comment?: string;
}

/** Records a review of a run's deployment, as a required reviewer gives it. */
export function addApproval(
  emulator: EmulatorLike,
  repo: string,
  runId: number | string,
  seed: ApprovalSeed,
): GitHubApproval {
  const { state } = emulator;
  const now = timestamp(state);
  const environments = seed.environments.map((name): GitHubEnvironment => {
    const id = state.github.nextId++;
    return {
      id,
      node_id: nodeId('EN', id),
      name,
      url: `${emulator.endpoints.githubApiUrl}/repos/${repo}/environments/${encodeURIComponent(name)}`,
      html_url: `https://github.com/${repo}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
      created_at: now,
      updated_at: now,
    };
  });
  const approval: GitHubApproval = {
    state: seed.state,
    comment: seed.comment ?? '',
    environments,
    user: githubUser(seed.user ?? 'octocat', seed.user ? undefined : 583231),
  };
  const key = runKey(repo, runId);
  state.github.approvals.set(key, [...(state.github.approvals.get(key) ?? []), approval]);
  return approval;
}
