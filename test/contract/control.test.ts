// The emulator's HTTP control plane, as a standalone emulator is driven from
// another process: state without secrets, knobs, the clock, jobs and the log.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { decodeJwt } from 'jose';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { seedScenario } from '../emulator/scenario.js';
import { addGitHubToken } from '../emulator/github-api.js';
import type { Knobs, RequestLogEntry } from '../emulator/state.js';

const SECRET_VALUE = 'do-not-leak-7f3a9c';

describe('emulator control API', () => {
  let emulator: Emulator;
  const savedUrl = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const savedToken = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;

  async function call<T>(method: string, path: string, body?: unknown): Promise<[number, T]> {
    const res = await fetch(`${emulator.endpoints.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return [res.status, (await res.json()) as T];
  }

  beforeAll(async () => {
    emulator = await startEmulator();
    seedScenario(emulator, { secrets: [{ name: 'db-password', value: SECRET_VALUE }] });
    // getIDToken masks the token with `::add-mask::`; keep those lines out of the output.
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown, ...rest: never[]) =>
      String(chunk).startsWith('::') ? true : write(chunk as string, ...rest)) as never);
  });
  afterEach(() => {
    for (const [name, value] of [
      ['ACTIONS_ID_TOKEN_REQUEST_URL', savedUrl],
      ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', savedToken],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await emulator.close();
  });

  it('describes the state without any secret value or token', async () => {
    const githubToken = addGitHubToken(emulator, { issues: 'write' });
    const job = emulator.createJob();

    const [status, state] = await call<{
      vaults: Array<{ name: string; secrets: Array<{ name: string; versions: string[] }> }>;
    }>('GET', '/state');
    expect(status).toBe(200);
    expect(state.vaults[0]?.secrets.map((s) => s.name)).toEqual(['db-password']);
    expect(state.vaults[0]?.secrets[0]?.versions).toHaveLength(1);

    const text = JSON.stringify(state);
    expect(text).not.toContain(SECRET_VALUE);
    expect(text).not.toContain(githubToken);
    expect(text).not.toContain(job.requestToken);
  });

  it('deep-merges a knobs patch', async () => {
    const [status, knobs] = await call<Knobs>('PATCH', '/knobs', {
      keyVault: { latencyMs: 5, failingSecrets: ['db-password'] },
      oidcTokenLifetimeSeconds: 120,
    });
    expect(status).toBe(200);
    expect(knobs.keyVault).toMatchObject({
      latencyMs: 5,
      failingSecrets: ['db-password'],
      throttleLimit: 4000,
      pageSize: 25,
    });
    expect(knobs.oidcTokenLifetimeSeconds).toBe(120);
    expect(knobs.arm.pageSize).toBe(100);
    expect(emulator.state.knobs.keyVault.latencyMs).toBe(5);

    const [, read] = await call<Knobs>('GET', '/knobs');
    expect(read).toEqual(knobs);
  });

  it('moves the clock forward, and never back', async () => {
    const before = emulator.clock.now();
    const [status, moved] = await call<{ now: number }>('POST', '/clock/advance', {
      ms: 3_600_000,
    });
    expect(status).toBe(200);
    expect(moved.now - before).toBeGreaterThanOrEqual(3_600_000);
    expect(emulator.clock.now() - Date.now()).toBeGreaterThanOrEqual(3_599_000);

    const offset = emulator.clock.now() - Date.now();
    const [refused] = await call('POST', '/clock/advance', { ms: -60_000 });
    expect(refused).toBeGreaterThanOrEqual(400);
    expect(emulator.clock.now() - Date.now()).toBeGreaterThanOrEqual(offset - 1_000);
  });

  it('creates a job whose request token @actions/core can use', async () => {
    const [status, job] = await call<{
      requestToken: string;
      requestUrl: string;
      claims: { sub: string };
    }>('POST', '/jobs', { repository: 'octo-org/other-repo', environment: 'staging' });
    expect(status).toBe(201);
    expect(job.requestUrl).toBe(emulator.endpoints.oidcRequestUrl);
    expect(job.claims.sub).toBe('repo:octo-org/other-repo:environment:staging');

    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = job.requestUrl;
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = job.requestToken;
    const claims = decodeJwt(await core.getIDToken('api://AzureADTokenExchange'));
    expect(claims).toMatchObject({
      sub: 'repo:octo-org/other-repo:environment:staging',
      repository: 'octo-org/other-repo',
      environment: 'staging',
    });
    // The lifetime knob set above applies, on the advanced clock.
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
    expect((claims.iat ?? 0) * 1000).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('returns the request log', async () => {
    const [status, log] = await call<RequestLogEntry[]>('GET', '/log');
    expect(status).toBe(200);
    expect(log).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'control', method: 'PATCH', path: '/_emulator/knobs' }),
        expect.objectContaining({ service: 'github-oidc', status: 200 }),
      ]),
    );
    expect(log.every((e) => typeof e.time === 'number')).toBe(true);
  });

  it('answers 404 for an unknown route', async () => {
    const [status, body] = await call<{ error: { code: string } }>('GET', '/nothing');
    expect(status).toBe(404);
    expect(body.error.code).toBe('NotFound');
  });
});
