/**
 * Starts the emulator: a fresh CA (or the test run's), a server certificate for
 * localhost and the vault hosts, signing keys, state, and the HTTPS server with
 * every service.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueServerCertificate, loadOrCreateAuthority } from './ca.js';
import { EmulatorClock } from './clock.js';
import { controlService } from './control.js';
import { entraService } from './entra.js';
import { defaultJobClaims, OIDC_TOKEN_PATH, githubOidcService } from './github-oidc.js';
import { githubApiService } from './github-api.js';
import { armService } from './arm.js';
import { keyVaultService } from './keyvault.js';
import type { Endpoints, Service } from './http.js';
import { startServer, type RunningServer } from './server.js';
import { EmulatorState, type JobClaims } from './state.js';
import { TokenService } from './tokens.js';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where the CA lives; default: `JIT_EMULATOR_CA_DIR`, else a new temp folder. */
  caDir?: string;
  /** Host suffix of vault URLs; default `vault.emulator.test`. */
  keyVaultHostSuffix?: string;
  /** Token audience ARM accepts; default the public cloud's. */
  resourceManagerAudience?: string;
}

export interface GitHubJob {
  /** ACTIONS_ID_TOKEN_REQUEST_URL */
  requestUrl: string;
  /** ACTIONS_ID_TOKEN_REQUEST_TOKEN */
  requestToken: string;
  claims: JobClaims;
}

export const SERVICES: Service[] = [
  githubOidcService,
  githubApiService,
  entraService,
  controlService,
  armService,
  keyVaultService,
];

export class Emulator {
  constructor(
    readonly state: EmulatorState,
    readonly clock: EmulatorClock,
    readonly tokens: TokenService,
    readonly endpoints: Endpoints,
    private readonly running: RunningServer,
  ) {}

  /** Registers a GitHub job whose OIDC tokens carry these claims. */
  createJob(claims: Partial<JobClaims> = {}): GitHubJob {
    const requestToken = randomUUID();
    const full = defaultJobClaims(claims);
    this.state.githubJobs.set(requestToken, full);
    return { requestUrl: this.endpoints.oidcRequestUrl, requestToken, claims: full };
  }

  vaultUrl(name: string): string {
    return `https://${name.toLowerCase()}.${this.endpoints.keyVaultDnsSuffix}`;
  }

  close(): Promise<void> {
    return this.running.close();
  }
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const caDir =
    options.caDir ??
    process.env.JIT_EMULATOR_CA_DIR ??
    mkdtempSync(join(tmpdir(), 'jit-emulator-'));
  const authority = await loadOrCreateAuthority(caDir);
  const hostSuffix = options.keyVaultHostSuffix ?? 'vault.emulator.test';
  const certificate = await issueServerCertificate(
    authority,
    ['localhost', `*.${hostSuffix}`],
    ['127.0.0.1'],
  );
  const clock = new EmulatorClock();
  const state = new EmulatorState(clock);
  const tokens = await TokenService.create(clock);

  // The port is known only once the server listens; requests come after that.
  const late: { endpoints?: Endpoints } = {};
  const running = await startServer({ port: options.port ?? 0, ...certificate }, SERVICES, () => ({
    state,
    tokens,
    endpoints: late.endpoints as Endpoints,
  }));
  const baseUrl = `https://localhost:${running.port}`;
  const resolved: Endpoints = {
    baseUrl,
    port: running.port,
    authorityHost: baseUrl,
    resourceManagerEndpoint: baseUrl,
    resourceManagerAudience: options.resourceManagerAudience ?? 'https://management.azure.com/',
    keyVaultDnsSuffix: `${hostSuffix}:${running.port}`,
    keyVaultHostSuffix: hostSuffix,
    keyVaultResource: `https://${hostSuffix}`,
    oidcRequestUrl: `${baseUrl}${OIDC_TOKEN_PATH}?api-version=2.0`,
    githubApiUrl: `${baseUrl}/_github/api`,
    caPath: authority.caPath,
  };
  late.endpoints = resolved;
  return new Emulator(state, clock, tokens, resolved, running);
}
