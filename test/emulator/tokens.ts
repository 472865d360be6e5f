/**
 * Signing keys and JWTs: GitHub's OIDC tokens (RS256, GitHub's claim set) and
 * Entra ID access tokens (RS256, with oid/tid/appid like Entra's).
 */
import { randomUUID } from 'node:crypto';
import {
  SignJWT,
  compactVerify,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { Clock } from './clock.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID().replace(/-/g, '').slice(0, 20);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, jwk };
}

export type TokenCheck =
  | { ok: true; claims: JWTPayload & Record<string, unknown> }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience'; detail: string };

export class TokenService {
  private constructor(
    private readonly clock: Clock,
    readonly githubKey: SigningKey,
    readonly entraKey: SigningKey,
  ) {}

  static async create(clock: Clock): Promise<TokenService> {
    return new TokenService(clock, await createSigningKey(), await createSigningKey());
  }

  githubJwks(): { keys: JWK[] } {
    return { keys: [this.githubKey.jwk] };
  }

  entraJwks(): { keys: JWK[] } {
    return { keys: [this.entraKey.jwk] };
  }

  private seconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** A GitHub Actions OIDC token with the given claims, valid for `lifetimeSeconds`. */
  async signGitHubToken(
    claims: Record<string, unknown>,
    audience: string,
    lifetimeSeconds: number,
  ): Promise<string> {
    const now = this.seconds();
    return new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({
        alg: 'RS256',
        typ: 'JWT',
        kid: this.githubKey.kid,
        x5t: this.githubKey.kid,
      })
      .setIssuer(GITHUB_ISSUER)
      .setAudience(audience)
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.githubKey.privateKey);
  }

  /** Verifies a client assertion's signature against GitHub's published key. */
  async verifyGitHubSignature(token: string): Promise<JWTPayload | undefined> {
    try {
      // Signature only: lifetime is checked on the emulator's clock by the caller.
      return await verifySignature(token, this.githubKey.publicKey);
    } catch {
      return undefined;
    }
  }

  async signAccessToken(claims: Record<string, unknown>, lifetimeSeconds: number): Promise<string> {
    const now = this.seconds();
    return new SignJWT({ ...claims, uti: randomUUID(), ver: '1.0' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.entraKey.kid })
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + lifetimeSeconds)
      .sign(this.entraKey.privateKey);
  }

  /** Checks an `Authorization: Bearer` header for a live Entra token for `audience`. */
  async verifyAccessToken(
    authorization: string | undefined,
    audience: string,
  ): Promise<TokenCheck> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'missing', detail: 'No bearer token' };
    let payload: JWTPayload;
    try {
      payload = await verifySignature(match[1], this.entraKey.publicKey);
    } catch (err) {
      return { ok: false, reason: 'invalid', detail: (err as Error).message };
    }
    if ((payload.exp ?? 0) <= this.seconds()) {
      return { ok: false, reason: 'expired', detail: 'The token is expired' };
    }
    if (trimSlash(String(payload.aud)) !== trimSlash(audience)) {
      return {
        ok: false,
        reason: 'audience',
        detail: `The audience '${String(payload.aud)}' is invalid`,
      };
    }
    return { ok: true, claims: payload as JWTPayload & Record<string, unknown> };
  }
}

export function trimSlash(text: string): string {
  return text.replace(/\/+$/, '').toLowerCase();
}

async function verifySignature(token: string, key: CryptoKey): Promise<JWTPayload> {
  const { payload } = await compactVerify(token, key, { algorithms: ['RS256'] });
  return JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
}
