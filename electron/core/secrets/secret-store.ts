import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WorkbenchError } from '../errors';
import type { SecretCipher, SecretStore } from '../services';
import { readOwnerOnlyFile, writeOwnerOnlyFile } from '../owner-only-file';

/** The file that holds every secret, encrypted as one blob (so even the names of entries stay private). */
export const SECRETS_FILE = 'secrets.json';
/** The random key of the headless fallback. */
export const SECRETS_KEY_FILE = 'secrets.key';
/** The environment variable whose passphrase encrypts the secrets in headless modes. */
export const PASSPHRASE_VARIABLE = 'WORKBENCH_SECRETS_PASSPHRASE';

/** How the file is protected: Electron's safeStorage (OS keyring), a passphrase, or an owner-only key file. */
export type SecretsKind = 'passphrase' | 'owner-only-key-file' | string;

interface SecretsFile {
  format: 'workbench-secrets/1';
  kind: SecretsKind;
  /** scrypt salt (passphrase only). */
  salt?: string;
  /** AES-256-GCM nonce and tag (passphrase and key file). */
  iv?: string;
  tag?: string;
  data: string;
}

// scrypt's cost: about 0.1 s once per process, the usual interactive setting.
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scrypt(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase, salt, 32, SCRYPT, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function unavailable(message: string, hint: string, cause?: unknown): WorkbenchError {
  return new WorkbenchError('SECRETS_UNAVAILABLE', message, { hint, cause });
}

function sealGcm(key: Buffer, plain: string): { iv: string; tag: string; data: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

function openGcm(key: Buffer, file: SecretsFile): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv ?? '', 'base64'));
  decipher.setAuthTag(Buffer.from(file.tag ?? '', 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]).toString('utf8');
}

/**
 * Creates the secrets store in the data directory. Every secret lives in one owner-only (0600)
 * file, encrypted as a whole and replaced atomically on each change:
 * - with `cipher` (the desktop app passes Electron's safeStorage, backed by the OS keyring), by it;
 * - headless with `WORKBENCH_SECRETS_PASSPHRASE` set, by AES-256-GCM under a scrypt key (salt stored);
 * - headless without one, by AES-256-GCM under a random key in an owner-only key file beside it.
 *   That last protects against other users of the machine only, not against the same user or root
 *   (like VS Code's basic-text fallback on Linux without a keyring); its kind says so.
 * A file written one way is read the way it was written when possible, and rewritten the current
 * way on the next change. Nothing here logs a value.
 */
export function createSecretStore(options: { dataDir: string; env: NodeJS.ProcessEnv; cipher?: SecretCipher }): SecretStore {
  const file = join(options.dataDir, SECRETS_FILE);
  const keyFile = join(options.dataDir, SECRETS_KEY_FILE);
  const passphrase = options.env[PASSPHRASE_VARIABLE] || undefined;
  const kind: SecretsKind = options.cipher ? options.cipher.kind : passphrase ? 'passphrase' : 'owner-only-key-file';
  const derived = new Map<string, Promise<Buffer>>();
  // The salt of the file as last read, kept so a change does not pay for a new scrypt derivation.
  let salt: Buffer | null = null;
  // Changes run one at a time so two quick `set`s cannot lose one another.
  let queue: Promise<unknown> = Promise.resolve();

  const passphraseKey = (salt: Buffer): Promise<Buffer> => {
    if (!passphrase) throw new Error('no passphrase');
    const id = salt.toString('base64');
    let key = derived.get(id);
    if (!key) derived.set(id, (key = scrypt(passphrase, salt)));
    return key;
  };

  const storedKey = async (create: boolean): Promise<Buffer | null> => {
    if (!existsSync(keyFile)) {
      if (!create) return null;
      await writeOwnerOnlyFile(keyFile, randomBytes(32).toString('base64'), { exclusive: true }).catch((err: unknown) => {
        // Another process made it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      });
    }
    const key = Buffer.from((await readOwnerOnlyFile(keyFile)).trim(), 'base64');
    if (key.length !== 32) throw unavailable(`The secrets key file ${keyFile} is damaged.`, removeHint(file, keyFile));
    return key;
  };

  const decrypt = async (stored: SecretsFile): Promise<Record<string, string>> => {
    let plain: string;
    try {
      if (stored.kind === 'passphrase') {
        if (!passphrase)
          throw unavailable(
            'The saved passwords and keys are protected by a passphrase, and none is set.',
            `Set ${PASSPHRASE_VARIABLE} to the passphrase they were saved with, then start the workbench again.`,
          );
        const storedSalt = Buffer.from(stored.salt ?? '', 'base64');
        plain = openGcm(await passphraseKey(storedSalt), stored);
        salt = storedSalt;
      } else if (stored.kind === 'owner-only-key-file') {
        const key = await storedKey(false);
        if (!key) throw unavailable(`The secrets key file ${keyFile} is missing.`, removeHint(file, keyFile));
        plain = openGcm(key, stored);
      } else if (options.cipher && options.cipher.kind === stored.kind) {
        plain = options.cipher.decrypt(Buffer.from(stored.data, 'base64'));
      } else {
        throw unavailable(
          `The saved passwords and keys were encrypted by the desktop app with the system keyring (${stored.kind}), which this mode cannot use.`,
          'Open the desktop app to use them, or use another data directory (WORKBENCH_HOME) for headless modes.',
        );
      }
    } catch (err) {
      if (err instanceof WorkbenchError) throw err;
      if (stored.kind === 'passphrase')
        throw unavailable(
          `The saved passwords and keys cannot be decrypted with this ${PASSPHRASE_VARIABLE}.`,
          `Set ${PASSPHRASE_VARIABLE} to the passphrase they were saved with. If it is lost, delete ${file} and enter the passwords again.`,
          err,
        );
      throw unavailable('The saved passwords and keys cannot be decrypted.', removeHint(file, keyFile), err);
    }
    return JSON.parse(plain) as Record<string, string>;
  };

  const load = async (): Promise<Record<string, string>> => {
    if (!existsSync(file)) return {};
    let stored: SecretsFile;
    try {
      stored = JSON.parse(await readFile(file, 'utf8')) as SecretsFile;
    } catch (err) {
      throw unavailable(`The secrets file ${file} is damaged.`, removeHint(file, keyFile), err);
    }
    if (stored.format !== 'workbench-secrets/1')
      throw unavailable(`The secrets file ${file} has an unknown format.`, removeHint(file, keyFile));
    return decrypt(stored);
  };

  const save = async (entries: Record<string, string>): Promise<void> => {
    const plain = JSON.stringify(entries);
    let stored: SecretsFile;
    if (options.cipher) {
      stored = { format: 'workbench-secrets/1', kind, data: options.cipher.encrypt(plain).toString('base64') };
    } else if (passphrase) {
      salt ??= randomBytes(16);
      stored = {
        format: 'workbench-secrets/1',
        kind,
        salt: salt.toString('base64'),
        ...sealGcm(await passphraseKey(salt), plain),
      };
    } else {
      stored = { format: 'workbench-secrets/1', kind, ...sealGcm((await storedKey(true)) as Buffer, plain) };
    }
    await writeOwnerOnlyFile(file, JSON.stringify(stored));
  };

  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    kind,
    get: (key) => serial(async () => (await load())[key] ?? null),
    set: (key, value) =>
      serial(async () => {
        const entries = await load();
        entries[key] = value;
        await save(entries);
      }),
    delete: (key) =>
      serial(async () => {
        const entries = await load();
        if (!(key in entries)) return;
        delete entries[key];
        await save(entries);
      }),
  };
}

function removeHint(file: string, keyFile: string): string {
  return `Delete ${file} (and ${keyFile} if present) to start over; saved passwords and S3 keys must then be entered again.`;
}
