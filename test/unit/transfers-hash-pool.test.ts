import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HashPool, liveHashWorkers } from '../../electron/core/transfers/hash-pool';
import { tempDir } from '../support/temp-dir';

const dir = tempDir('workbench-hash-pool-');
afterAll(() => dir.remove());

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

describe('HashPool', () => {
  it('gives the MD5 node:crypto gives for the start, a middle, the short last region and zero bytes of a file', async () => {
    // 3 MiB + 5 bytes: regions cross the worker's 1 MiB read buffer and the last one is short.
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const file = join(dir.path, 'data.bin');
    writeFileSync(file, data);
    const empty = join(dir.path, 'empty.bin');
    writeFileSync(empty, '');
    const pool = new HashPool(2);
    try {
      const regions: [number, number][] = [
        [0, 1024 * 1024],
        [1_500_000, 1_048_577],
        [3 * 1024 * 1024, 5],
        [0, data.length],
        [42, 0],
      ];
      const digests = await Promise.all(regions.map(([at, n]) => pool.md5Region(file, at, n)));
      expect(digests.map((d) => d.toString('hex'))).toEqual(regions.map(([at, n]) => md5(data.subarray(at, at + n))));
      expect((await pool.md5Region(empty, 0, 0)).toString('hex')).toBe(md5(Buffer.alloc(0)));
      expect(liveHashWorkers()).toBeGreaterThan(0);
      expect(liveHashWorkers()).toBeLessThanOrEqual(2);
    } finally {
      await pool.terminate();
    }
    expect(liveHashWorkers()).toBe(0);
  });

  it('rejects a path it cannot read with an error naming it, and a region past the end of the file', async () => {
    const pool = new HashPool(1);
    try {
      const missing = join(dir.path, 'no-such-file.bin');
      await expect(pool.md5Region(missing, 0, 10)).rejects.toThrow(missing);
      const short = join(dir.path, 'short.bin');
      writeFileSync(short, 'abc');
      await expect(pool.md5Region(short, 0, 10)).rejects.toThrow(/short\.bin.*ends at byte 3/);
      // The thread survives a failed region and hashes the next one.
      expect((await pool.md5Region(short, 0, 3)).toString('hex')).toBe(md5(Buffer.from('abc')));
    } finally {
      await pool.terminate();
    }
  });

  it('terminates idempotently: a second call is harmless, later regions are refused, no thread is left', async () => {
    const file = join(dir.path, 'small.bin');
    writeFileSync(file, 'hello');
    const pool = new HashPool(1);
    expect((await pool.md5Region(file, 0, 5)).toString('hex')).toBe(md5(Buffer.from('hello')));
    await Promise.all([pool.terminate(), pool.terminate()]);
    await pool.terminate();
    expect(liveHashWorkers()).toBe(0);
    await expect(pool.md5Region(file, 0, 5)).rejects.toThrow(/small\.bin.*stopped/);
  });
});
