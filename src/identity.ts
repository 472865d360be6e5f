/**
 * Signs in to Entra ID with the workflow's GitHub OIDC token: no stored secret.
 * The assertion callback asks GitHub for a fresh token whenever Entra ID needs
 * one, so a run that outlives the GitHub token's ~5 minutes keeps working.
 */
import { ClientAssertionCredential, type TokenCredential } from '@azure/identity';
import type { CloudEndpoints } from './cloud.js';
import { aadstsCodes } from './azure-errors.js';
import { ActionError, describeError } from './errors.js';
import { Inputs } from './names.js';

export type IdTokenSource = (audience: string) => Promise<string>;

export interface Identity {
  credential: TokenCredential;
  /** Object id of the service principal the action runs as (`oid` of its ARM token). */
  objectId: string;
  /** Claims of the GitHub token that signed in (never the token itself). */
  githubClaims: Record<string, unknown>;
}

export interface SignInOptions {
  tenantId: string;
  clientId: string;
  audience: string;
  cloud: CloudEndpoints;
  getIdToken: IdTokenSource;
}

/** Decodes a JWT's payload without verifying it: for reading claims we were just given. */
export function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {};
  }
}

export async function signIn(o: SignInOptions): Promise<Identity> {
  let githubClaims: Record<string, unknown> = {};
  const getAssertion = async (): Promise<string> => {
    const token = await requestGitHubToken(o.getIdToken, o.audience);
    githubClaims = decodeClaims(token);
    return token;
  };
  const credential = new ClientAssertionCredential(o.tenantId, o.clientId, getAssertion, {
    authorityHost: o.cloud.authorityHost,
    disableInstanceDiscovery: o.cloud.customAuthority,
  });

  let accessToken: string;
  try {
    const token = await credential.getToken(o.cloud.resourceManagerScope);
    accessToken = token.token;
  } catch (err) {
    throw new ActionError(
      `Failed to sign in to Entra ID as app ${o.clientId} in tenant ${o.tenantId}: ${describeError(err)}${signInHint(err, githubClaims)}`,
      { cause: err },
    );
  }
  const objectId = String(decodeClaims(accessToken).oid ?? '');
  if (!objectId)
    throw new ActionError('Failed to read the signed-in identity: the ARM token has no oid claim.');
  return { credential, objectId, githubClaims };
}

async function requestGitHubToken(getIdToken: IdTokenSource, audience: string): Promise<string> {
  try {
    return await getIdToken(audience);
  } catch (err) {
    throw new ActionError(
      `Failed to get a GitHub OIDC token for audience '${audience}': ${describeError(err)}. ` +
        "The job needs 'permissions: id-token: write' (and, in a reusable workflow, the caller must grant it too).",
      { cause: err },
    );
  }
}

/** A sentence that says what to fix for the AADSTS codes Entra ID answered. */
export function signInHint(err: unknown, claims: Record<string, unknown>): string {
  const codes = aadstsCodes(err);
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
  const subject = sub ? ` The workflow presented subject '${sub}'.` : '';
  if (codes.includes('AADSTS700213') || codes.includes('AADSTS7002138')) {
    return ` Hint: the app's federated credential subject must equal the token's subject exactly (case-sensitive).${subject} A job with 'environment: NAME' presents repo:ORG/REPO:environment:NAME.`;
  }
  if (codes.includes('AADSTS700211'))
    return ` Hint: the federated credential's issuer must be https://token.actions.githubusercontent.com (or your enterprise's issuer).`;
  if (codes.includes('AADSTS700212'))
    return ` Hint: the federated credential's audience must equal the '${Inputs.Audience}' input (default api://AzureADTokenExchange).`;
  if (codes.includes('AADSTS700016'))
    return ` Hint: '${Inputs.ClientId}' must be the application (client) ID of an app registered in tenant '${Inputs.TenantId}'.`;
  if (codes.includes('AADSTS90002'))
    return ` Hint: check '${Inputs.TenantId}' and '${Inputs.AzureEnvironment}'.`;
  if (/endpoints_resolution_error/.test(String((err as Error)?.message ?? err))) {
    return ` Hint: Entra ID did not recognise the tenant or authority: check '${Inputs.TenantId}', '${Inputs.AzureEnvironment}' and '${Inputs.AuthorityHost}'.`;
  }
  if (codes.includes('AADSTS700024'))
    return ' Hint: the GitHub token expired before it was used; check the runner clock.';
  return '';
}
