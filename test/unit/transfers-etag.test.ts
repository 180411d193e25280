import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  candidatePartSizes,
  checkFileParts,
  EtagVerifier,
  multipartCount,
  multipartEtag,
} from '../../electron/core/transfers/etag';

const MiB = 1024 * 1024;
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

/** Feeds `data` in uneven chunks, as a socket would deliver it. */
function feed(v: EtagVerifier, data: Buffer): void {
  for (let at = 0, step = 1; at < data.length; at += step, step = (step * 7 + 13) % 100_000 || 1)
    v.update(data.subarray(at, at + step));
}

/** The ETag S3 gives an object uploaded in parts of `partSize`. */
function s3MultipartEtag(data: Buffer, partSize: number): string {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += partSize) parts.push(md5(data.subarray(at, at + partSize)));
  return multipartEtag(parts);
}

describe('ETag verification', () => {
  it('accepts bytes whose MD5 is the single-part ETag (quotes and case ignored)', () => {
    const data = randomBytes(300_000);
    const v = new EtagVerifier(`"${md5(data).toString('hex').toUpperCase()}"`, data.length);
    feed(v, data);
    expect(v.finish()).toMatchObject({ ok: true, method: 'md5' });
  });

  it('rejects one flipped byte, and a short body', () => {
    const data = randomBytes(100_000);
    const etag = md5(data).toString('hex');
    const bad = Buffer.from(data);
    bad[5000] = bad[5000]! ^ 1;
    const v1 = new EtagVerifier(etag, data.length);
    feed(v1, bad);
    expect(v1.finish().ok).toBe(false);
    const v2 = new EtagVerifier(etag, data.length);
    feed(v2, data.subarray(0, 99_999));
    expect(v2.finish()).toMatchObject({ ok: false, detail: 'got 99999 of 100000 bytes' });
  });

  it('recomputes a multipart ETag part by part when the part size is a common one', () => {
    const data = randomBytes(21 * MiB + 123);
    const etag = s3MultipartEtag(data, 8 * MiB);
    expect(multipartCount(etag)).toBe(3);
    const v = new EtagVerifier(etag, data.length);
    feed(v, data);
    expect(v.finish()).toMatchObject({ ok: true, method: 'parts' });

    const bad = Buffer.from(data);
    bad[9 * MiB] = bad[9 * MiB]! ^ 1;
    const v2 = new EtagVerifier(etag, data.length);
    feed(v2, bad);
    // No guessed size reproduces the ETag: the check stays open, naming the sizes tried, for the
    // downloader to settle with the server's part size (checkFileParts below).
    expect(v2.finish()).toMatchObject({ method: 'size-and-parts', triedPartSizes: expect.arrayContaining([8 * MiB]) });
  });

  it('leaves an unusual part size to the server, and refuses a wrong size at once', () => {
    const data = randomBytes(10 * MiB);
    const etag = s3MultipartEtag(data, 3 * MiB + 17);
    const v = new EtagVerifier(etag, data.length);
    feed(v, data);
    const open = v.finish();
    expect(open).toMatchObject({ ok: true, method: 'size-and-parts' });
    expect(open.triedPartSizes).not.toContain(3 * MiB + 17);
    const short = new EtagVerifier(etag, data.length + 1);
    feed(short, data);
    expect(short.finish().ok).toBe(false);
  });

  it('recomputes a multipart ETag from a file with the part size the server gives, and catches one flipped byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'etag-'));
    try {
      const data = randomBytes(10 * MiB);
      const partSize = 3 * MiB + 17;
      const etag = s3MultipartEtag(data, partSize);
      const file = join(dir, 'f.bin');
      writeFileSync(file, data);
      expect(await checkFileParts(file, `"${etag}"`, [partSize])).toMatchObject({ ok: true, method: 'parts' });
      const bad = Buffer.from(data);
      bad[7 * MiB] = bad[7 * MiB]! ^ 1;
      writeFileSync(file, bad);
      expect(await checkFileParts(file, etag, [partSize])).toMatchObject({ ok: false, method: 'parts' });
      // Parts of differing sizes, each given.
      const uneven = [6 * MiB, 5 * MiB, 123];
      const data2 = randomBytes(uneven.reduce((a, b) => a + b, 0));
      const parts = [data2.subarray(0, 6 * MiB), data2.subarray(6 * MiB, 11 * MiB), data2.subarray(11 * MiB)];
      writeFileSync(file, data2);
      expect((await checkFileParts(file, multipartEtag(parts.map(md5)), uneven)).ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only proposes part sizes that give the ETag’s part count', () => {
    expect(candidatePartSizes(20 * MiB, 3)).toContain(8 * MiB);
    for (const p of candidatePartSizes(100 * MiB, 7)) expect(Math.ceil((100 * MiB) / p)).toBe(7);
  });
});
