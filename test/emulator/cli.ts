/**
 * `npm run emulator`: the emulator on its own, seeded with the demo world, for
 * pointing the action (or any Azure client) at it by hand. Prints the endpoints,
 * the inputs to give the action, and the CA to trust.
 */
import { startEmulator } from './index.js';
import { demoSecrets, seedScenario } from './scenario.js';

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const emulator = await startEmulator({ port: Number(flag('port', '8443')) });
const scenario = seedScenario(emulator, { secrets: demoSecrets(Number(flag('secrets', '40'))) });
const e = emulator.endpoints;

console.log(`jit-rbac-action emulator listening on ${e.baseUrl}

Trust its CA in every process that talks to it:
  export NODE_EXTRA_CA_CERTS=${e.caPath}
Vault hosts (*.${e.keyVaultHostSuffix}) resolve only with an /etc/hosts line such as
  127.0.0.1 ${scenario.vaultName}.${e.keyVaultHostSuffix}
or, for Node processes, NODE_OPTIONS=--require=test/emulator/dns-hook.cjs

Action inputs:
  tenant-id: ${scenario.tenantId}
  client-id: ${scenario.clientId}
  subscription-id: ${scenario.subscriptionId}
  resource-ids: ${scenario.vaultId}
  authority-host: ${e.authorityHost}
  resource-manager-endpoint: ${e.resourceManagerEndpoint}
  key-vault-dns-suffix: ${e.keyVaultDnsSuffix}

GitHub OIDC for the job (environment '${String(scenario.job.claims.environment)}'):
  ACTIONS_ID_TOKEN_REQUEST_URL=${scenario.job.requestUrl}
  ACTIONS_ID_TOKEN_REQUEST_TOKEN=${scenario.job.requestToken}

Control API: GET ${e.baseUrl}/_emulator/state | /_emulator/log | /_emulator/knobs,
  PATCH /_emulator/knobs, POST /_emulator/clock/advance {"ms":…}, POST /_emulator/jobs {claims}
Stop with Ctrl-C.`);

const stop = () => void emulator.close().then(() => console.log('Emulator stopped.'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
