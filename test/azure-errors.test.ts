import { describe, expect, it } from 'vitest';
import { aadstsCodes, hasCode, inspectAzureError, type AzureFailure } from '../src/azure-errors.js';
import {
  explainAzureError,
  failureReason,
  isTransient,
  withAzureRetry,
  type AzureRetryOptions,
} from '../src/azure-retry.js';
import type { Runtime } from '../src/runtime.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

/** Headers as the Azure SDK's RestError carries them: a case-insensitive `get`. */
function headers(values: Record<string, string>) {
  const lower = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => lower.get(name.toLowerCase()) };
}

/** A RestError-like value: a real Error with the fields the SDKs set. */
function restError(
  statusCode: number | undefined,
  fields: { code?: string; body?: unknown; retryAfter?: string; message?: string } = {},
) {
  const err = new Error(fields.message ?? `status ${statusCode}`) as Error &
    Record<string, unknown>;
  err.statusCode = statusCode;
  if (fields.code !== undefined) err.code = fields.code;
  err.response = {
    headers: headers(fields.retryAfter === undefined ? {} : { 'Retry-After': fields.retryAfter }),
    bodyAsText: fields.body === undefined ? undefined : JSON.stringify(fields.body),
  };
  return err;
}

describe('inspectAzureError', () => {
  const cases: { name: string; err: unknown; want: AzureFailure }[] = [
    {
      name: 'status and top-level code',
      err: restError(404, { code: 'RoleAssignmentNotFound' }),
      want: {
        status: 404,
        codes: ['RoleAssignmentNotFound'],
        retryAfterMs: undefined,
        connection: false,
      },
    },
    {
      name: 'Key Vault inner error in details, outer first',
      err: Object.assign(restError(403, { code: 'Forbidden' }), {
        details: { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } },
      }),
      want: {
        status: 403,
        codes: ['Forbidden', 'ForbiddenByRbac'],
        retryAfterMs: undefined,
        connection: false,
      },
    },
    {
      name: 'camelCase innerError',
      err: Object.assign(restError(403), {
        details: { error: { code: 'Forbidden', innerError: { code: 'ForbiddenByPolicy' } } },
      }),
      want: {
        status: 403,
        codes: ['Forbidden', 'ForbiddenByPolicy'],
        retryAfterMs: undefined,
        connection: false,
      },
    },
    {
      name: 'codes from the response body text',
      err: restError(400, {
        body: { error: { code: 'InvalidPrincipalId', details: [{ code: 'PrincipalNotFound' }] } },
      }),
      want: {
        status: 400,
        codes: ['InvalidPrincipalId', 'PrincipalNotFound'],
        retryAfterMs: undefined,
        connection: false,
      },
    },
    {
      name: 'codes from details and body, without repeats',
      err: Object.assign(
        restError(403, {
          code: 'Forbidden',
          body: { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } },
        }),
        { details: { error: { code: 'Forbidden' } } },
      ),
      want: {
        status: 403,
        codes: ['Forbidden', 'ForbiddenByRbac'],
        retryAfterMs: undefined,
        connection: false,
      },
    },
    {
      name: 'a body that is not JSON is ignored',
      err: Object.assign(restError(502), { response: { bodyAsText: '<html>Bad Gateway</html>' } }),
      want: { status: 502, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'a null body',
      err: Object.assign(restError(500), { response: { bodyAsText: null } }),
      want: { status: 500, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'Retry-After in seconds',
      err: restError(429, { code: 'TooManyRequests', retryAfter: '7' }),
      want: { status: 429, codes: ['TooManyRequests'], retryAfterMs: 7000, connection: false },
    },
    {
      name: 'Retry-After as an HTTP date',
      err: restError(503, { retryAfter: 'Wed, 01 Jan 2025 00:00:30 GMT' }),
      want: { status: 503, codes: [], retryAfterMs: 30_000, connection: false },
    },
    {
      name: 'unreadable Retry-After',
      err: restError(429, { retryAfter: 'soon' }),
      want: { status: 429, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'a reset connection',
      err: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      want: { status: undefined, codes: ['ECONNRESET'], retryAfterMs: undefined, connection: true },
    },
    {
      name: 'a plain object with a connection code',
      err: { code: 'ETIMEDOUT' },
      want: { status: undefined, codes: ['ETIMEDOUT'], retryAfterMs: undefined, connection: true },
    },
    {
      name: 'the SDK’s REQUEST_SEND_ERROR without a status',
      err: restError(undefined, { code: 'REQUEST_SEND_ERROR' }),
      want: {
        status: undefined,
        codes: ['REQUEST_SEND_ERROR'],
        retryAfterMs: undefined,
        connection: true,
      },
    },
    {
      name: 'a connection code with a status is an answer, not a connection failure',
      err: restError(500, { code: 'ECONNRESET' }),
      want: { status: 500, codes: ['ECONNRESET'], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'an unknown code without a status',
      err: { code: 'ENOENT' },
      want: { status: undefined, codes: ['ENOENT'], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'a non-string code is ignored',
      err: { code: 42, statusCode: 400 },
      want: { status: 400, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'a string',
      err: 'boom',
      want: { status: undefined, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'undefined',
      err: undefined,
      want: { status: undefined, codes: [], retryAfterMs: undefined, connection: false },
    },
    {
      name: 'null',
      err: null,
      want: { status: undefined, codes: [], retryAfterMs: undefined, connection: false },
    },
  ];

  it.each(cases)('$name', ({ err, want }) => {
    expect(inspectAzureError(err, NOW)).toEqual(want);
  });

  it('stops at deep nesting instead of walking forever', () => {
    const details: Record<string, unknown> = {};
    let level = details;
    for (let i = 0; i < 50; i++) {
      level.code = `level${i}`;
      level.inner = {};
      level = level.inner as Record<string, unknown>;
    }
    const codes = inspectAzureError({ details }, NOW).codes;

    expect(codes.slice(0, 3)).toEqual(['level0', 'level1', 'level2']);
    expect(codes.length).toBeLessThan(50);
  });
});

describe('hasCode', () => {
  const failure: AzureFailure = {
    status: 403,
    codes: ['Forbidden', 'ForbiddenByRbac'],
    connection: false,
  };
  const cases = [
    { name: 'exact', code: 'ForbiddenByRbac', want: true },
    { name: 'any case', code: 'forbiddenbyrbac', want: true },
    { name: 'outer code', code: 'Forbidden', want: true },
    { name: 'absent', code: 'PrincipalNotFound', want: false },
    { name: 'prefix only', code: 'ForbiddenBy', want: false },
  ];

  it.each(cases)('$name', ({ code, want }) => {
    expect(hasCode(failure, code)).toBe(want);
  });
});

describe('aadstsCodes', () => {
  const cases = [
    {
      name: 'one code in the message',
      err: new Error('AADSTS700213: No matching federated identity record found'),
      want: ['AADSTS700213'],
    },
    {
      name: 'codes in the message and the cause, once each',
      err: new Error('AADSTS70021: no match', { cause: 'AADSTS70021 again; AADSTS50034 user' }),
      want: ['AADSTS70021', 'AADSTS50034'],
    },
    { name: 'a thrown string', err: 'AADSTS90002: tenant not found', want: ['AADSTS90002'] },
    { name: 'none', err: new Error('network down'), want: [] },
    { name: 'undefined', err: undefined, want: [] },
    { name: 'needs digits', err: new Error('AADSTS: nothing'), want: [] },
  ];

  it.each(cases)('$name', ({ err, want }) => {
    expect(aadstsCodes(err)).toEqual(want);
  });
});

describe('isTransient', () => {
  const cases = [
    { name: '408', failure: { status: 408 }, want: true },
    { name: '429', failure: { status: 429 }, want: true },
    { name: '500', failure: { status: 500 }, want: true },
    { name: '502', failure: { status: 502 }, want: true },
    { name: '503', failure: { status: 503 }, want: true },
    { name: '504', failure: { status: 504 }, want: true },
    { name: '599', failure: { status: 599 }, want: true },
    { name: '501 is not', failure: { status: 501 }, want: false },
    { name: '505 is not', failure: { status: 505 }, want: false },
    { name: '400 is not', failure: { status: 400 }, want: false },
    { name: '403 is not', failure: { status: 403 }, want: false },
    { name: '404 is not', failure: { status: 404 }, want: false },
    { name: '409 is not', failure: { status: 409 }, want: false },
    { name: 'a failed connection', failure: { connection: true }, want: true },
    { name: 'no status, no connection', failure: {}, want: false },
  ];

  it.each(cases)('$name', ({ failure, want }) => {
    expect(isTransient({ codes: [], connection: false, ...failure })).toBe(want);
  });
});

describe('failureReason', () => {
  const cases = [
    {
      name: 'status and codes',
      err: restError(403, {
        code: 'Forbidden',
        body: { error: { innererror: { code: 'ForbiddenByRbac' } } },
      }),
      want: 'HTTP 403 Forbidden/ForbiddenByRbac',
    },
    { name: 'status alone', err: restError(500), want: 'HTTP 500' },
    {
      name: 'a connection failure',
      err: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      want: 'connection failed (read ECONNRESET)',
    },
    {
      name: 'REQUEST_SEND_ERROR is not repeated as a code',
      err: restError(undefined, { code: 'REQUEST_SEND_ERROR', message: 'getaddrinfo EAI_AGAIN' }),
      want: 'connection failed (getaddrinfo EAI_AGAIN)',
    },
    { name: 'anything else', err: new Error('bad\nthing'), want: 'bad thing' },
    { name: 'a string', err: 'plain', want: 'plain' },
  ];

  it.each(cases)('$name', ({ err, want }) => {
    expect(failureReason(inspectAzureError(err, NOW), err)).toBe(want);
  });
});

describe('explainAzureError', () => {
  const cases = [
    {
      name: 'status and codes first, then the message',
      err: restError(403, {
        code: 'AuthorizationFailed',
        message: 'The client does not have authorization',
      }),
      want: 'HTTP 403 AuthorizationFailed: The client does not have authorization',
    },
    { name: 'no status: the message alone', err: new Error('offline'), want: 'offline' },
    { name: 'a thrown object', err: { code: 'ENOTFOUND' }, want: '{"code":"ENOTFOUND"}' },
  ];

  it.each(cases)('$name', ({ err, want }) => {
    expect(explainAzureError(err)).toBe(want);
  });
});

/** A runtime whose clock moves only when something sleeps. */
function fakeRuntime(start = NOW) {
  let now = start;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const rt: Runtime = {
    now: () => now,
    random: () => 0,
    sleeper: {
      async sleep(ms) {
        sleeps.push(ms);
        now += ms;
      },
    },
    log: {
      debug: () => undefined,
      info: (m) => logs.push(m),
      warning: (m) => logs.push(`warning: ${m}`),
      group: (_name, fn) => fn(),
    },
  };
  return { rt, sleeps, logs };
}

/** A call that throws the same error `failures` times (forever by default), then returns 'ok'. */
function failingCall(err: unknown, failures = Infinity) {
  let calls = 0;
  const fn = async () => {
    calls++;
    if (calls <= failures) throw err;
    return 'ok';
  };
  return { fn, calls: () => calls };
}

describe('withAzureRetry', () => {
  const base: AzureRetryOptions = { doing: 'read vault kv-prod', baseMs: 1000, maxMs: 8000 };

  const giveUpCases = [
    { name: '503 up to the attempts', err: restError(503), options: { attempts: 3 }, wantCalls: 3 },
    { name: '503 with the default of 6', err: restError(503), options: {}, wantCalls: 6 },
    {
      name: 'a reset connection',
      err: { code: 'ECONNRESET' },
      options: { attempts: 4 },
      wantCalls: 4,
    },
    { name: 'not a 400', err: restError(400, { code: 'BadRequest' }), options: {}, wantCalls: 1 },
    { name: 'not a 403', err: restError(403, { code: 'Forbidden' }), options: {}, wantCalls: 1 },
    { name: 'not a 501', err: restError(501), options: {}, wantCalls: 1 },
    { name: 'not a thrown string', err: 'boom', options: {}, wantCalls: 1 },
    {
      name: '429 beyond the attempts for faults, up to its own budget',
      err: restError(429, { retryAfter: '1' }),
      options: { attempts: 2 },
      wantCalls: 30,
    },
  ];

  it.each(giveUpCases)(
    'retries $name, then throws the error',
    async ({ err, options, wantCalls }) => {
      const { rt } = fakeRuntime();
      const call = failingCall(err);

      await expect(withAzureRetry(rt, { ...base, ...options }, call.fn)).rejects.toBe(err);
      expect(call.calls()).toBe(wantCalls);
    },
  );

  it('returns once a transient failure clears', async () => {
    const { rt, sleeps } = fakeRuntime();
    const call = failingCall(restError(500), 2);

    await expect(withAzureRetry(rt, base, call.fn)).resolves.toBe('ok');
    expect(call.calls()).toBe(3);
    // Equal jitter with random() = 0: half of 1000, then half of 2000.
    expect(sleeps).toEqual([500, 1000]);
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    const { rt, sleeps } = fakeRuntime();
    const call = failingCall(restError(429, { retryAfter: '12' }), 2);

    await expect(withAzureRetry(rt, base, call.fn)).resolves.toBe('ok');
    expect(sleeps).toEqual([12_000, 12_000]);
  });

  it('waits as long as a 503 Retry-After asks', async () => {
    const { rt, sleeps } = fakeRuntime();
    const call = failingCall(restError(503, { retryAfter: '3' }), 1);

    await withAzureRetry(rt, base, call.fn);
    expect(sleeps).toEqual([3000]);
  });

  it('retries what alsoRetry accepts until the deadline, not past it', async () => {
    const { rt, sleeps } = fakeRuntime();
    const deadlineMs = NOW + 10_000;
    const err = restError(400, { body: { error: { code: 'PrincipalNotFound' } } });
    const call = failingCall(err);
    const options = {
      ...base,
      maxMs: 1000,
      deadlineMs,
      alsoRetry: (f: AzureFailure) => hasCode(f, 'PrincipalNotFound'),
    };

    await expect(withAzureRetry(rt, options, call.fn)).rejects.toBe(err);
    // Each sleep is 500 ms, and none may end after the deadline.
    expect(sleeps).toHaveLength(20);
    expect(call.calls()).toBe(21);
    expect(rt.now()).toBeLessThanOrEqual(deadlineMs);
  });

  it('does not retry what alsoRetry rejects', async () => {
    const { rt } = fakeRuntime();
    const call = failingCall(restError(403, { code: 'Forbidden' }));
    const options = { ...base, alsoRetry: (f: AzureFailure) => hasCode(f, 'PrincipalNotFound') };

    await expect(withAzureRetry(rt, options, call.fn)).rejects.toBeDefined();
    expect(call.calls()).toBe(1);
  });

  it('logs each retry with what it was doing, why and how long it waits', async () => {
    const { rt, logs } = fakeRuntime();
    const err = restError(503, { code: 'ServiceUnavailable' });
    const call = failingCall(err, 2);
    await withAzureRetry(rt, base, call.fn);

    expect(logs).toEqual([
      'read vault kv-prod: attempt 1 failed: HTTP 503 ServiceUnavailable; retrying in 500 ms',
      'read vault kv-prod: attempt 2 failed: HTTP 503 ServiceUnavailable; retrying in 1000 ms',
    ]);
  });

  it('logs nothing when it does not retry', async () => {
    const { rt, logs, sleeps } = fakeRuntime();
    const call = failingCall(restError(400));

    await expect(withAzureRetry(rt, base, call.fn)).rejects.toBeDefined();
    expect(logs).toEqual([]);
    expect(sleeps).toEqual([]);
  });

  it('stops when the signal is aborted', async () => {
    const { rt } = fakeRuntime();
    const controller = new AbortController();
    const fn = async () => {
      controller.abort(new Error('cancelled'));
      throw restError(503);
    };

    await expect(withAzureRetry(rt, { ...base, signal: controller.signal }, fn)).rejects.toThrow();
  });
});
