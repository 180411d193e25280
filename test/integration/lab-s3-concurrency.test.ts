import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from '../support/lab';
import { rawS3 } from '../support/s3-raw';

const CLIENTS = 32;
const OPS_PER_CLIENT = 24;
const SHARED_KEYS = ['race/a.bin', 'race/b.bin', 'race/c.bin', 'race/d/e.bin'];
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

let t: Awaited<ReturnType<typeof openTestLab>>;
let servers: S3Servers;

beforeAll(async () => {
  t = await openTestLab({ sampleScale: 0 });
  servers = await startS3Servers(t.lab);
});

afterAll(async () => {
  await servers?.close();
  await t?.close();
});

describe('32 concurrent clients', () => {
  it('never see a torn, mixed or lost object, and leave no temporary files', async () => {
    const s3 = rawS3(servers.endpoints().svm1?.http ?? '', {
      accessKeyId: t.user.access_key,
      secretAccessKey: t.user.secret_key,
    });
    // Every version ever sent to a shared key, registered before it is sent: a GET must return one of them whole.
    const versions = new Map<string, Set<string>>(SHARED_KEYS.map((k) => [k, new Set<string>()]));
    const problems: string[] = [];
    let gets = 0;

    const client = async (c: number) => {
      const own = `race/own-${c}.bin`;
      for (let i = 0; i < OPS_PER_CLIENT; i++) {
        const key = SHARED_KEYS[randomInt(SHARED_KEYS.length)] as string;
        const op = randomInt(10);
        if (op < 4) {
          // A body whose every byte says who wrote it, so a mix of two versions cannot hash like either.
          const body = Buffer.concat([Buffer.from(`client ${c} op ${i}\n`), randomBytes(randomInt(1, 256 * 1024))]);
          versions.get(key)?.add(md5(body));
          const res = await s3.send({ method: 'PUT', path: `/bucket1/${key}`, body, payload: i % 2 ? 'signed' : 'unsigned' });
          if (res.status !== 200 || res.headers.etag !== `"${md5(body)}"`)
            problems.push(`PUT ${key}: ${res.status} ${res.headers.etag}`);
        } else if (op < 8) {
          const res = await s3.send({ method: 'GET', path: `/bucket1/${key}` });
          gets++;
          if (res.status === 404) continue;
          const sum = md5(res.body);
          if (res.status !== 200) problems.push(`GET ${key}: ${res.status}`);
          else if (!versions.get(key)?.has(sum))
            problems.push(`GET ${key}: a body that was never written (${res.body.length} bytes)`);
          else if (res.headers.etag !== `"${sum}"`) problems.push(`GET ${key}: ETag ${res.headers.etag} but body MD5 ${sum}`);
        } else {
          const res = await s3.send({ method: 'DELETE', path: `/bucket1/${key}` });
          if (res.status !== 204) problems.push(`DELETE ${key}: ${res.status}`);
        }
        // Each client's own key: what it wrote last is what it reads back (no lost writes).
        if (i % 6 === 0) {
          const mine = randomBytes(randomInt(1, 64 * 1024));
          await s3.send({ method: 'PUT', path: `/bucket1/${own}`, body: mine });
          const back = await s3.send({ method: 'GET', path: `/bucket1/${own}` });
          if (!back.body.equals(mine)) problems.push(`client ${c} lost its own write to ${own}`);
        }
      }
    };

    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
    expect(problems).toEqual([]);
    expect(gets).toBeGreaterThan(0);
    for (const key of SHARED_KEYS) {
      const res = await s3.send({ method: 'GET', path: `/bucket1/${key}` });
      if (res.status === 200) expect(versions.get(key)?.has(md5(res.body))).toBe(true);
      else expect(res.status).toBe(404);
    }
    expect(readdirSync(join(t.dir, 'tmp'))).toEqual([]);
    const stray = (readdirSync(t.lab.volumes.root(t.vol1.uuid), { recursive: true }) as string[]).filter((f) =>
      /\.part$|tmp/i.test(f),
    );
    expect(stray).toEqual([]);
  });
});
