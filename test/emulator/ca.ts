/**
 * The emulator's own certificate authority. Every start makes a fresh CA and a
 * server certificate for localhost, 127.0.0.1 and the emulated vault hosts.
 * Child processes trust it through NODE_EXTRA_CA_CERTS, which is what the real
 * Azure clients need: they refuse plain HTTP (see shared/AZURE-WIRE.md).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY_MS = 86_400_000;

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  /** Path of the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caPath: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

function toPem(label: string, der: ArrayBuffer): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Creates a CA in `dir`, or loads the one already there (for a test run's workers). */
export async function loadOrCreateAuthority(dir: string): Promise<CertificateAuthority> {
  const caPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  if (existsSync(caPath) && existsSync(keyPath)) {
    return { caPath, certPem: readFileSync(caPath, 'utf8'), keyPem: readFileSync(keyPath, 'utf8') };
  }

  mkdirSync(dir, { recursive: true });
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: 'CN=jit-rbac-action emulator CA',
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
    ],
  });
  const keyPem = toPem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  writeFileSync(keyPath, keyPem, { mode: 0o600 });
  writeFileSync(caPath, cert.toString('pem'));
  return { caPath, certPem: cert.toString('pem'), keyPem };
}

/** Issues a server certificate for the given DNS names and IP addresses. */
export async function issueServerCertificate(
  authority: CertificateAuthority,
  dnsNames: string[],
  ipAddresses: string[],
): Promise<ServerCertificate> {
  const caCert = new x509.X509Certificate(authority.certPem);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    Buffer.from(authority.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    ALGORITHM,
    false,
    ['sign'],
  );
  const keys = await generateKeys();
  const names = [
    ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (Date.now() + 1).toString(16),
    subject: `CN=${dnsNames[0] ?? 'localhost'}`,
    issuer: caCert.subject,
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + 30 * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const keyPem = toPem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { certPem: cert.toString('pem'), keyPem };
}
