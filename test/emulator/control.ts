/**
 * The emulator's control plane over HTTP, for a standalone emulator driven from
 * another process (`npm run emulator`): read state and the request log, set
 * knobs, move the clock, create GitHub jobs. In-process tests call the
 * Emulator object directly instead.
 */
import { randomUUID } from 'node:crypto';
import { json, jsonBody, type Service, type ServiceContext } from './http.js';
import { defaultJobClaims } from './github-oidc.js';
import type { Knobs } from './state.js';
import type { EmulatorClock } from './clock.js';

export function mergeKnobs(knobs: Knobs, patch: Record<string, unknown>): Knobs {
  const merged = structuredClone(knobs) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      current &&
      typeof current === 'object'
    ) {
      merged[key] = { ...(current as object), ...(value as object) };
    } else {
      merged[key] = value;
    }
  }
  return merged as unknown as Knobs;
}

/** A readable dump of the state without any secret value. */
export function describeState(ctx: ServiceContext) {
  const { state } = ctx;
  return {
    now: new Date(state.clock.now()).toISOString(),
    apps: [...state.apps.values()],
    principals: [...state.principals.values()],
    vaults: [...state.vaults.values()].map((v) => ({
      name: v.name,
      resourceId: v.resourceId,
      secrets: [...v.secrets.values()].map((s) => ({
        name: s.name,
        managed: s.managed,
        versions: s.versions.map((x) => x.version),
        enabled: s.versions.at(-1)?.enabled,
      })),
    })),
    roleAssignments: state.roleAssignments,
    knobs: state.knobs,
  };
}

export const controlService: Service = {
  name: 'control',
  matches: (req) => req.host === 'localhost' && req.path.startsWith('/_emulator/'),
  async handle(req, ctx) {
    const body = jsonBody<Record<string, unknown>>(req) ?? {};
    const route = `${req.method} ${req.path}`;
    switch (route) {
      case 'GET /_emulator/state':
        return json(200, describeState(ctx));
      case 'GET /_emulator/log':
        return json(200, ctx.state.log);
      case 'GET /_emulator/knobs':
        return json(200, ctx.state.knobs);
      case 'PATCH /_emulator/knobs':
        ctx.state.knobs = mergeKnobs(ctx.state.knobs, body);
        return json(200, ctx.state.knobs);
      case 'POST /_emulator/clock/advance':
        (ctx.state.clock as EmulatorClock).advance(Number(body.ms ?? 0));
        return json(200, { now: ctx.state.clock.now() });
      case 'POST /_emulator/jobs': {
        const requestToken = randomUUID();
        const claims = defaultJobClaims(body);
        ctx.state.githubJobs.set(requestToken, claims);
        return json(201, { requestToken, requestUrl: ctx.endpoints.oidcRequestUrl, claims });
      }
      default:
        return json(404, { error: { code: 'NotFound', message: `No control route ${route}` } });
    }
  },
};
