import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signS3 } from '../support/s3-signer';
import { setUpS3, startLabProcess, type LabProcess } from '../support/lab-process';
import { tempDir } from '../support/temp-dir';

const home = tempDir('workbench-lab-crash-');
const dataDir = join(home.path, 'lab');

let lab: LabProcess;
let keys: { accessKeyId: string; secretAccessKey: string };
let s3: string;

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
  lab = await startLabProcess(dataDir);
  const setup = await setUpS3(lab, 'crash-bucket');
  keys = { accessKeyId: setup.accessKeyId, secretAccessKey: setup.secretAccessKey };
  await lab.rest('POST', `/api/storage/volumes/${setup.volumeUuid}/snapshots?return_timeout=30`, { name: 'before_crash' });
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

    lab = await startLabProcess(dataDir);
    expect(readdirSync(join(dataDir, 'tmp'))).toEqual([]);
    expect((await s3Request('HEAD', 'half.bin')).status).toBe(404);
    expect(existsSync(join(dataDir, 'volumes'))).toBe(true);
    expect((await s3Request('GET', 'complete.txt')).text).toBe('all there');
    const vol = ((await lab.rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
    const snaps = (await lab.rest('GET', `/api/storage/volumes/${vol.uuid}/snapshots`)).body.records as { name: string }[];
    expect(snaps.map((s) => s.name)).toEqual(['before_crash']);
  }, 120_000);
});
