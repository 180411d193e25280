import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { EventBus } from '../../electron/core/event-bus';
import { JobRegistry } from '../../electron/core/jobs/job-registry';
import { S3ProfileStore } from '../../electron/core/s3profiles/profile-store';
import type { ServiceContext } from '../../electron/core/services';
import { transferHandlers } from '../../electron/core/transfers/handlers';
import { transferClient, type S3Target } from '../../electron/core/transfers/s3-access';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from './lab';
import { MemorySecrets } from './memory-secrets';
import { tempDir } from './temp-dir';

/** A lab with S3 on 127.0.0.1, a saved profile for `s3user`, and the transfer handlers on a fresh data dir. */
export async function openTransfersFixture(options: { now?: () => number } = {}) {
  const fixture = await openTestLab({ writable: true });
  const s3: S3Servers = await startS3Servers(fixture.lab);
  await s3.ready();
  const endpoint = s3.endpoints().svm1!.http!;
  const home = tempDir('workbench-transfers-');
  const dataDir = join(home.path, 'data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = new MemorySecrets();
  const bus = new EventBus();
  const jobs = new JobRegistry(bus);
  const profiles = new S3ProfileStore(dataDir, secrets);
  const profile = await profiles.save(
    {
      name: 'lab',
      endpoint,
      region: 'us-east-1',
      bucket: 'bucket1',
      pathStyle: true,
      accessKeyId: fixture.user.access_key,
      connectionId: null,
      multipartSupported: null,
    },
    fixture.user.secret_key,
  );
  // Only what the transfer handlers use; the rest of the backend is not needed here.
  const ctx = { dataDir, env: {}, bus, jobs, secrets } as unknown as ServiceContext;
  const target: S3Target = { endpoint, accessKeyId: fixture.user.access_key, secretAccessKey: fixture.user.secret_key };
  const client: S3Client = transferClient(target, 8);
  return {
    ...fixture,
    endpoint,
    home: home.path,
    dataDir,
    jobs,
    bus,
    profiles,
    profile,
    client,
    target,
    handlers: transferHandlers(ctx, options),
    close: async () => {
      client.destroy();
      await jobs.cancelAll();
      await s3.close();
      await fixture.close();
      home.remove();
    },
  };
}

/** Puts `count` random objects of `size` bytes under a prefix; answers key → MD5. */
export async function seedObjects(client: S3Client, prefix: string, count: number, size: number): Promise<Map<string, string>> {
  const sums = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const body = randomBytes(size);
    const key = `${prefix}obj-${String(i).padStart(4, '0')}.bin`;
    await client.send(new PutObjectCommand({ Bucket: 'bucket1', Key: key, Body: body }));
    sums.set(key, md5(body));
  }
  return sums;
}

/** The MD5 of bytes, hex. */
export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** Every file under a folder, relative path → MD5. */
export function treeSums(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = join(f.parentPath, f.name);
    if (f.isFile()) out.set(relative(dir, full), md5(readFileSync(full)));
  }
  return out;
}

/** Every file name under a folder (to look for leftovers like `.part-…`). */
export function allFiles(dir: string): string[] {
  try {
    statSync(dir);
  } catch {
    return [];
  }
  return readdirSync(dir, { recursive: true }).map(String);
}
