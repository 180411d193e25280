import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../electron/core/errors';
import { createSecretStore, SECRETS_FILE, SECRETS_KEY_FILE } from '../../electron/core/secrets/secret-store';
import type { SecretCipher } from '../../electron/core/services';
import { tempDir } from '../support/temp-dir';

const PASSWORD = 'Sup3r-secret-fsxadmin-Passw0rd';
const dirs: ReturnType<typeof tempDir>[] = [];
function dataDir(): string {
  const dir = tempDir('secrets-');
  dirs.push(dir);
  return dir.path;
}
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

/** Everything written in the data directory, as one string, to look for plaintext. */
function everything(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString('latin1'))
    .join('\n');
}

/** A stand-in for Electron's safeStorage: a real cipher under a key the test holds. */
function fakeSafeStorage(): SecretCipher {
  const key = randomBytes(32);
  return {
    kind: 'electron-safe-storage',
    encrypt: (plain) => {
      const iv = randomBytes(16);
      const c = createCipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]);
    },
    decrypt: (data) => {
      const d = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
      return Buffer.concat([d.update(data.subarray(16)), d.final()]).toString('utf8');
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<WorkbenchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbenchError);
  return err as WorkbenchError;
}

describe('the secrets store', () => {
  it('keeps secrets in an owner-only file that holds no plaintext, not even the entry names', async () => {
    const dir = dataDir();
    const store = createSecretStore({ dataDir: dir, env: {} });
    expect(store.kind).toBe('owner-only-key-file');
    await store.set('connection:abc:password', PASSWORD);
    expect(await store.get('connection:abc:password')).toBe(PASSWORD);
    expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, SECRETS_KEY_FILE)).mode & 0o777).toBe(0o600);
    const onDisk = everything(dir);
    expect(onDisk).not.toContain(PASSWORD);
    expect(onDisk).not.toContain('connection:abc');
    // Another store on the same directory (the next start) reads them back.
    expect(await createSecretStore({ dataDir: dir, env: {} }).get('connection:abc:password')).toBe(PASSWORD);
  });

  it('forgets deleted secrets and answers null for unknown ones', async () => {
    const store = createSecretStore({ dataDir: dataDir(), env: {} });
    expect(await store.get('nothing')).toBeNull();
    await store.set('a', '1');
    await store.set('b', '2');
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    expect(await store.get('b')).toBe('2');
  });

  it('loses no change when many are made at once', async () => {
    const store = createSecretStore({ dataDir: dataDir(), env: {} });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });

  it('with a passphrase: no key file, and a wrong or missing passphrase is SECRETS_UNAVAILABLE with the fix', async () => {
    const dir = dataDir();
    const store = createSecretStore({ dataDir: dir, env: { WORKBENCH_SECRETS_PASSPHRASE: 'correct horse' } });
    expect(store.kind).toBe('passphrase');
    await store.set('s3:profile:1', PASSWORD);
    await store.set('s3:profile:2', 'another');
    expect(readdirSync(dir)).toEqual([SECRETS_FILE]);
    expect(everything(dir)).not.toContain(PASSWORD);
    expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);

    const wrong = await rejection(
      createSecretStore({ dataDir: dir, env: { WORKBENCH_SECRETS_PASSPHRASE: 'battery staple' } }).get('s3:profile:1'),
    );
    expect(wrong.code).toBe('SECRETS_UNAVAILABLE');
    expect(wrong.message).toMatch(/cannot be decrypted with this WORKBENCH_SECRETS_PASSPHRASE/);
    expect(wrong.hint).toMatch(/Set WORKBENCH_SECRETS_PASSPHRASE to the passphrase they were saved with/);
    expect(`${wrong.message} ${wrong.hint}`).not.toContain(PASSWORD);

    const missing = await rejection(createSecretStore({ dataDir: dir, env: {} }).set('x', 'y'));
    expect(missing.code).toBe('SECRETS_UNAVAILABLE');
    expect(missing.hint).toMatch(/WORKBENCH_SECRETS_PASSPHRASE/);
    // The refused write changed nothing.
    const again = createSecretStore({ dataDir: dir, env: { WORKBENCH_SECRETS_PASSPHRASE: 'correct horse' } });
    expect(await again.get('s3:profile:2')).toBe('another');
    expect(await again.get('x')).toBeNull();
  });

  it('uses the desktop cipher when given, and moves a key-file store over to it', async () => {
    const dir = dataDir();
    await createSecretStore({ dataDir: dir, env: {} }).set('old', PASSWORD);
    const cipher = fakeSafeStorage();
    const desktop = createSecretStore({ dataDir: dir, env: {}, cipher });
    expect(desktop.kind).toBe('electron-safe-storage');
    expect(await desktop.get('old')).toBe(PASSWORD);
    await desktop.set('new', 'value');
    const stored = JSON.parse(readFileSync(join(dir, SECRETS_FILE), 'utf8')) as { kind: string; data: string };
    expect(stored.kind).toBe('electron-safe-storage');
    expect(JSON.parse(cipher.decrypt(Buffer.from(stored.data, 'base64')))).toEqual({ old: PASSWORD, new: 'value' });
    expect(everything(dir)).not.toContain(PASSWORD);

    // A headless mode cannot open what the keyring protects, and says what to do.
    const headless = await rejection(createSecretStore({ dataDir: dir, env: {} }).get('old'));
    expect(headless.code).toBe('SECRETS_UNAVAILABLE');
    expect(headless.hint).toMatch(/desktop app/);
  });

  it('says what to do when the file is damaged', async () => {
    const dir = dataDir();
    const store = createSecretStore({ dataDir: dir, env: {} });
    await store.set('a', 'b');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(dir, SECRETS_FILE),
      '{"format":"workbench-secrets/1","kind":"owner-only-key-file","iv":"AAAA","tag":"AAAA","data":"AAAA"}',
    );
    const err = await rejection(store.get('a'));
    expect(err.code).toBe('SECRETS_UNAVAILABLE');
    expect(err.hint).toMatch(/Delete .*secrets\.json/);
  });
});
