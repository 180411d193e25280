import { randomInt, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import selfsigned from 'selfsigned';
import ssh2 from 'ssh2';
import type { ClusterConfig } from './types';

/** The ONTAP release the lab presents itself as. */
export const LAB_VERSION = { full: 'NetApp Release 9.14.1: Lab (ONTAP MLOps Workbench)', generation: 9, major: 14, minor: 1 };

/** Ports the caller asks for; the rest are kept from last time or picked free. */
export interface RequestedPorts {
  rest?: number;
  ssh?: number;
  s3?: number;
}

/** A port nobody listens on right now (bind to 0, read, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

function generatePassword(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/**
 * Reads the lab's config (`lab.json`, owner-only: it holds the admin password) or writes a new
 * one: cluster identity, admin password (generated unless given), and ports.
 */
export async function loadConfig(
  dir: string,
  options: { password?: string; ports?: RequestedPorts; svmNames: string[] },
): Promise<{ config: ClusterConfig; fresh: boolean }> {
  const file = join(dir, 'lab.json');
  const fresh = !existsSync(file);
  const config: ClusterConfig = fresh
    ? {
        name: 'lab-cluster',
        uuid: randomUUID(),
        version: LAB_VERSION,
        nodeName: 'lab-cluster-01',
        aggregate: { name: 'aggr1', uuid: randomUUID() },
        adminUser: 'fsxadmin',
        adminPassword: options.password ?? generatePassword(),
        ports: { rest: 0, ssh: 0, s3: {} },
      }
    : (JSON.parse(await readFile(file, 'utf8')) as ClusterConfig);
  if (options.password) config.adminPassword = options.password;
  const p = options.ports ?? {};
  config.ports.rest = p.rest ?? (config.ports.rest || (await freePort()));
  config.ports.ssh = p.ssh ?? (config.ports.ssh || (await freePort()));
  for (const [i, svm] of options.svmNames.entries()) {
    const current = config.ports.s3[svm];
    config.ports.s3[svm] = {
      http: i === 0 && p.s3 !== undefined ? p.s3 : current?.http || (await freePort()),
      https: current?.https || (await freePort()),
    };
  }
  await writeFile(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return { config, fresh };
}

/** The lab's TLS certificate for REST and S3 over HTTPS: made once, self-signed, for 127.0.0.1 and localhost. */
export async function loadTls(dir: string, clusterName: string): Promise<{ cert: string; key: string }> {
  const tlsDir = join(dir, 'tls');
  const certFile = join(tlsDir, 'cert.pem');
  const keyFile = join(tlsDir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile))
    return { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') };
  await mkdir(tlsDir, { recursive: true, mode: 0o700 });
  const pems = await selfsigned.generate([{ name: 'commonName', value: clusterName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 3 * 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  await writeFile(keyFile, pems.private, { mode: 0o600 });
  await writeFile(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private };
}

/** The SSH host key of the lab's CLI: made once (ed25519). */
export async function loadHostKey(dir: string): Promise<string> {
  const file = join(dir, 'ssh_host_ed25519_key');
  if (existsSync(file)) return readFile(file, 'utf8');
  const key = generateHostKey();
  await writeFile(file, key, { mode: 0o600 });
  return key;
}

/**
 * A new ed25519 host key in OpenSSH format. ssh2's generator drops a leading zero byte of the
 * public key about once in 250 keys and writes a key its own parser then refuses ("Malformed
 * OpenSSH private key"), which made a fresh lab fail to start now and then: keep the first that parses.
 */
export function generateHostKey(): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    if (!(ssh2.utils.parseKey(pair.private) instanceof Error)) return pair.private;
  }
  throw new Error('Could not generate an SSH host key that parses.');
}
