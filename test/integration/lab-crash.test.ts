import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEndpoints } from '../../electron/lab/start-lab';
import { httpsJson } from '../support/https-json';
import { signS3 } from '../support/s3-signer';
import { cliPath } from '../support/serve-process';
import { tempDir } from '../support/temp-dir';

const home = tempDir('workbench-lab-crash-');
const dataDir = join(home.path, 'lab');

/** Starts `workbench lab --data DIR` and resolves with the one line of JSON it prints. */
function startLabProcess(): Promise<{ child: ChildProcess; endpoints: LabEndpoints }> {
  const child = spawn(process.execPath, [cliPath, 'lab', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, endpoints: JSON.parse(line) as LabEndpoints }),
    );
    child.once('exit', (code) => reject(new Error(`workbench lab exited with ${code}`)));
  });
}

let lab: { child: ChildProcess; endpoints: LabEndpoints };
let keys: { accessKeyId: string; secretAccessKey: string };
let s3: string;

async function rest(method: string, path: string, body?: unknown) {
  const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
  return httpsJson(method, `${lab.endpoints.rest}${path}`, {
    auth: `${lab.endpoints.username}:${lab.endpoints.password}`,
    ca,
    body,
  });
}

/** A signed S3 request with an optional body; resolves with status and body text. */
async function s3Request(method: string, key: string, body?: Buffer): Promise<{ status: number; text: string }> {
  const url = new URL(`${s3}/crash-bucket/${key}`);
  const headers = await signS3(method, url, keys, body ? { 'content-length': String(body.length) } : {});
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  lab = await startLabProcess();
  const svm = (await rest('GET', '/api/svm/svms?name=svm1')).body.records as { uuid: string }[];
  const svmUuid = svm[0]!.uuid;
  expect(
    (
      await rest('POST', '/api/protocols/s3/services?return_timeout=30', {
        'svm.name': 'svm1',
        name: 'fsx_s3',
        is_http_enabled: true,
      })
    ).status,
  ).toBeLessThan(300);
  const user = await rest('POST', `/api/protocols/s3/services/${svmUuid}/users`, { name: 's3user' });
  const record = (user.body.records as { access_key: string; secret_key: string }[])[0]!;
  keys = { accessKeyId: record.access_key, secretAccessKey: record.secret_key };
  await rest('POST', `/api/protocols/s3/services/${svmUuid}/groups`, {
    name: 'g',
    users: [{ name: 's3user' }],
    policies: [{ name: 'FullAccess' }],
  });
  await rest('POST', '/api/protocols/s3/buckets?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'crash-bucket',
    type: 'nas',
    nas_path: '/vol1',
  });
  const vol = ((await rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
  await rest('PATCH', `/api/storage/volumes/${vol.uuid}?return_timeout=30`, { nas: { unix_permissions: 777 } });
  await rest('POST', `/api/storage/volumes/${vol.uuid}/snapshots?return_timeout=30`, { name: 'before_crash' });
  s3 = lab.endpoints.s3.svm1 as string;
  expect((await s3Request('PUT', 'complete.txt', Buffer.from('all there'))).status).toBe(200);
}, 120_000);

afterAll(() => {
  lab?.child.kill('SIGKILL');
  home.remove();
});

describe('the lab under kill -9', () => {
  it('leaves no partial object and intact state after a crash mid-upload', async () => {
    const url = new URL(`${s3}/crash-bucket/half.bin`);
    const total = 64 * 1024 * 1024;
    const headers = await signS3('PUT', url, keys, { 'content-length': String(total) });
    const req = request(url, { method: 'PUT', headers });
    req.on('error', () => undefined); // the server dies under it
    req.write(Buffer.alloc(8 * 1024 * 1024, 1));
    // Wait until the lab is really writing the upload to disk, then kill it without warning.
    await expect.poll(() => readdirSync(join(dataDir, 'tmp')).some((f) => f.endsWith('.part')), { timeout: 30_000 }).toBe(true);
    const exited = new Promise((resolve) => lab.child.once('exit', resolve));
    lab.child.kill('SIGKILL');
    await exited;
    req.destroy();

    lab = await startLabProcess();
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    expect((await s3Request('HEAD', 'half.bin')).status).toBe(404);
    expect(existsSync(join(dataDir, 'volumes'))).toBe(true);
    expect((await s3Request('GET', 'complete.txt')).text).toBe('all there');
    const vol = ((await rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
    const snaps = (await rest('GET', `/api/storage/volumes/${vol.uuid}/snapshots`)).body.records as { name: string }[];
    expect(snaps.map((s) => s.name)).toEqual(['before_crash']);
  }, 120_000);
});
