import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES_FILE, profileSecretKey, S3ProfileStore } from '../../electron/core/s3profiles/profile-store';
import { MemorySecrets } from '../support/memory-secrets';
import { tempDir } from '../support/temp-dir';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const base = {
  name: 'bucket1 on svm1 (Lab)',
  endpoint: 'http://127.0.0.1:9000',
  region: 'us-east-1',
  bucket: 'bucket1',
  pathStyle: true,
  accessKeyId: 'AKIAEXAMPLE000000000',
  connectionId: 'lab',
  multipartSupported: true,
};

let dir: ReturnType<typeof tempDir>;
let secrets: MemorySecrets;
let store: S3ProfileStore;
beforeEach(() => {
  dir = tempDir('profiles-');
  secrets = new MemorySecrets();
  store = new S3ProfileStore(dir.path, secrets);
});
afterEach(() => dir.remove());

describe('S3 profile store', () => {
  it('keeps the secret in the secrets store only: the file is owner-only and never holds it', async () => {
    const saved = await store.save(base, SECRET);
    expect(saved).toMatchObject({ ...base, hasSecret: true });
    const file = join(dir.path, PROFILES_FILE);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(secrets.values.get(profileSecretKey(saved.id))).toBe(SECRET);
    expect(await store.secret(saved.id)).toBe(SECRET);
    // Another store object over the same directory (another handler table) sees the same profiles.
    expect(await new S3ProfileStore(dir.path, secrets).list()).toEqual([saved]);
  });

  it('updates a profile in place by id, keeping when it was created', async () => {
    const saved = await store.save(base, SECRET);
    const updated = await store.save({ ...saved, multipartSupported: false, createdAt: undefined });
    expect(updated).toMatchObject({ id: saved.id, multipartSupported: false, createdAt: saved.createdAt, hasSecret: true });
    expect(await store.list()).toHaveLength(1);
  });

  it('loses no profile when saves run at the same time', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save({ ...base, bucket: `b${i}` }, `${SECRET}${i}`)));
    expect((await store.list()).map((p) => p.bucket).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`).sort());
  });

  it('deletes a profile with its secret; says false for an unknown id', async () => {
    const saved = await store.save(base, SECRET);
    expect(await store.delete(saved.id)).toBe(true);
    expect(await store.list()).toEqual([]);
    expect(secrets.values.size).toBe(0);
    expect(await store.delete(saved.id)).toBe(false);
  });

  it('refuses a damaged file instead of overwriting the profiles it could not read', async () => {
    writeFileSync(join(dir.path, PROFILES_FILE), '{"version":1,"profiles":[{"id":1}]}');
    await expect(store.list()).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/cannot be read/) });
    await expect(store.save(base, SECRET)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(readFileSync(join(dir.path, PROFILES_FILE), 'utf8')).toBe('{"version":1,"profiles":[{"id":1}]}');
  });
});
