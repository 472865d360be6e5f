/**
 * GitHub Actions' OIDC token endpoint, the one `core.getIDToken` calls:
 * GET `${ACTIONS_ID_TOKEN_REQUEST_URL}&audience=…` with the request token as a
 * bearer, answering `{"value":"<jwt>"}` (AZURE-WIRE.md, captured). The issuer's
 * discovery document and JWKS are published too, as GitHub does.
 */
import { GITHUB_ISSUER } from './tokens.js';
import type { JobClaims } from './state.js';
import { json, type EmulatorRequest, type Service, type ServiceContext } from './http.js';

export const OIDC_TOKEN_PATH = '/_github/oidc/token';

export const githubOidcService: Service = {
  name: 'github-oidc',
  matches: (req) => req.host === 'localhost' && req.path.startsWith('/_github/oidc'),
  async handle(req: EmulatorRequest, ctx: ServiceContext) {
    if (req.path === '/_github/oidc/.well-known/jwks') return json(200, ctx.tokens.githubJwks());
    if (req.path !== OIDC_TOKEN_PATH || req.method !== 'GET') {
      return json(404, { message: 'Not Found' });
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const claims = bearer ? ctx.state.githubJobs.get(bearer) : undefined;
    if (!claims) return { ...json(401, { message: 'Bad credentials' }), code: 'BadCredentials' };

    const audience =
      req.query.get('audience') ||
      GITHUB_ISSUER.replace('https://token.actions.', 'https://github.com/');
    const value = await ctx.tokens.signGitHubToken(
      claims,
      audience,
      ctx.state.knobs.oidcTokenLifetimeSeconds,
    );
    return { ...json(200, { count: 1, value }), caller: claims.sub };
  },
};

/** GitHub's usual claim set for a job, with the subject a workflow would present. */
export function defaultJobClaims(overrides: Partial<JobClaims> = {}): JobClaims {
  const repository = String(overrides.repository ?? 'octo-org/octo-repo');
  const environment = overrides.environment as string | undefined;
  const ref = String(overrides.ref ?? 'refs/heads/main');
  const sub = environment
    ? `repo:${repository}:environment:${environment}`
    : `repo:${repository}:ref:${ref}`;
  return {
    sub,
    repository,
    repository_id: '123456789',
    repository_owner: repository.split('/')[0],
    repository_owner_id: '987654',
    run_id: '1000001',
    run_number: '7',
    run_attempt: '1',
    actor: 'octocat',
    actor_id: '583231',
    ref,
    ref_type: 'branch',
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    workflow: 'rotate',
    event_name: 'workflow_dispatch',
    job_workflow_ref: `${repository}/.github/workflows/rotate.yml@${ref}`,
    runner_environment: 'github-hosted',
    ...(environment ? { environment } : {}),
    ...overrides,
  } as JobClaims;
}
