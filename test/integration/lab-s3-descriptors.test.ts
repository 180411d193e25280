import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectReader } from '../../electron/core/transfers/object-reader';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from '../support/lab';
import { rawS3 } from '../support/s3-raw';

// The lab answers GETs from plain file descriptors (small bodies in one read): every way a GET can
// end must close its descriptor, or a long-running lab runs out of them and stops serving.
let t: Awaited<ReturnType<typeof openTestLab>>;
let servers: S3Servers;
let s3: ReturnType<typeof rawS3>;
let endpoint: string;
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const small = randomBytes(100 * 1024);
const large = randomBytes(3 * 1024 * 1024);
const openFiles = () => readdirSync('/proc/self/fd').length;

beforeAll(async () => {
  t = await openTestLab({ sampleScale: 0 });
  servers = await startS3Servers(t.lab);
  endpoint = servers.endpoints().svm1?.http ?? '';
  s3 = rawS3(endpoint, { accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key });
  for (const [key, body] of [
    ['fd/small.bin', small],
    ['fd/large.bin', large],
  ] as const) {
    expect((await s3.send({ method: 'PUT', path: `/bucket1/${key}`, body })).status).toBe(200);
  }
});

afterAll(async () => {
  await servers?.close();
  await t?.close();
});

/** Waits (bounded) until the process holds no more descriptors than `limit`. */
async function settlesAt(limit: number): Promise<number> {
  const deadline = Date.now() + 10_000;
  let now = openFiles();
  while (now > limit && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
    now = openFiles();
  }
  return now;
}

describe('GetObject descriptors', () => {
  it('serves whole objects, ranges, HEAD, 304, 412, 404 and abandoned bodies without keeping a descriptor open', async () => {
    const reader = new ObjectReader({ endpoint, accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key }, 4);
    const get = (key: string, headers: Record<string, string> = {}) =>
      s3.send({ method: 'GET', path: `/bucket1/fd/${key}`, headers });
    try {
      // Warm up sockets and lazily opened files so the baseline counts only steady state.
      await get('small.bin');
      const before = openFiles();
      for (let round = 0; round < 20; round++) {
        const whole = await get('small.bin');
        expect(md5(whole.body)).toBe(md5(small));
        const big = await get('large.bin');
        expect(md5(big.body)).toBe(md5(large));
        const range = await get('large.bin', { range: 'bytes=1000-2999' });
        expect(range.status).toBe(206);
        expect(range.body.equals(large.subarray(1000, 3000))).toBe(true);
        expect((await s3.send({ method: 'HEAD', path: '/bucket1/fd/small.bin' })).status).toBe(200);
        expect((await get('small.bin', { 'if-none-match': `"${md5(small)}"` })).status).toBe(304);
        expect((await get('small.bin', { 'if-match': '"0123456789abcdef0123456789abcdef"' })).status).toBe(412);
        expect((await get('missing.bin')).status).toBe(404);
        // A client that leaves after the first bytes of a large body.
        const body = await reader.get('bucket1', 'fd/large.bin');
        await new Promise<void>((resolve) => body.once('data', () => resolve()));
        body.destroy();
      }
      // Sockets of the raw client may linger in keep-alive; allow for them, not for 20 rounds of files.
      expect(await settlesAt(before + 8)).toBeLessThanOrEqual(before + 8);
    } finally {
      reader.destroy();
    }
  });
});
