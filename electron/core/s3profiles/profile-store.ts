import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { s3ProfileSchema, type S3Profile } from '../../../shared/s3setup';
import { WorkbenchError } from '../errors';
import type { SecretStore } from '../services';

/** The file profiles live in, in the data directory; it never holds a secret. */
export const PROFILES_FILE = 's3-profiles.json';

/** The secrets-store key of a profile's secret access key. */
export const profileSecretKey = (id: string) => `s3profile:${id}:secret`;

const storedProfileSchema = s3ProfileSchema.omit({ hasSecret: true });
const fileSchema = z.object({ version: z.literal(1), profiles: z.array(storedProfileSchema) });

/** A profile as saved: everything but whether its secret is stored (the store answers that). */
export type StoredProfile = z.infer<typeof storedProfileSchema>;

// One write at a time per file across every store object of the process, so two saves never lose one.
const locks = new Map<string, Promise<unknown>>();

function locked<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const previous = locks.get(file) ?? Promise.resolve();
  const next = previous.then(fn, fn);
  const tail = next.catch(() => undefined);
  locks.set(file, tail);
  void tail.then(() => {
    if (locks.get(file) === tail) locks.delete(file);
  });
  return next;
}

/**
 * The saved S3 endpoint profiles the dataset browser connects with: `s3-profiles.json` in the data
 * directory (written atomically, owner-only, no secrets) and each secret in the secrets store.
 */
export class S3ProfileStore {
  readonly file: string;

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore,
  ) {
    this.file = join(dataDir, PROFILES_FILE);
  }

  /** Every profile, oldest first, each saying whether its secret is stored. */
  async list(): Promise<S3Profile[]> {
    const stored = await this.read();
    return Promise.all(stored.map((p) => this.withSecretFlag(p)));
  }

  /** One profile, or null. */
  async get(id: string): Promise<S3Profile | null> {
    const found = (await this.read()).find((p) => p.id === id);
    return found ? this.withSecretFlag(found) : null;
  }

  /** Adds or replaces a profile (by id); with `secret`, stores it first so no profile points at a missing one. */
  async save(
    profile: Omit<StoredProfile, 'id' | 'createdAt'> & { id?: string; createdAt?: string },
    secret?: string,
  ): Promise<S3Profile> {
    const full: StoredProfile = storedProfileSchema.parse({
      ...profile,
      id: profile.id ?? randomUUID(),
      createdAt: profile.createdAt ?? new Date().toISOString(),
    });
    if (secret !== undefined) await this.secrets.set(profileSecretKey(full.id), secret);
    await locked(this.file, async () => {
      const all = await this.read();
      const at = all.findIndex((p) => p.id === full.id);
      if (at >= 0) all[at] = { ...full, createdAt: all[at]!.createdAt };
      else all.push(full);
      await this.write(all);
    });
    return (await this.get(full.id))!;
  }

  /** A profile's secret access key, or null when none is stored. */
  async secret(id: string): Promise<string | null> {
    return this.secrets.get(profileSecretKey(id));
  }

  /** Deletes a profile and its stored secret; false when there was no such profile. */
  async delete(id: string): Promise<boolean> {
    const deleted = await locked(this.file, async () => {
      const all = await this.read();
      const rest = all.filter((p) => p.id !== id);
      if (rest.length === all.length) return false;
      await this.write(rest);
      return true;
    });
    if (deleted) await this.secrets.delete(profileSecretKey(id));
    return deleted;
  }

  private async withSecretFlag(p: StoredProfile): Promise<S3Profile> {
    return { ...p, hasSecret: (await this.secrets.get(profileSecretKey(p.id))) !== null };
  }

  private async read(): Promise<StoredProfile[]> {
    if (!existsSync(this.file)) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch (err) {
      throw damaged(this.file, err);
    }
    const checked = fileSchema.safeParse(parsed);
    // Refused rather than skipped: the next save would otherwise drop the profiles it could not read.
    if (!checked.success) throw damaged(this.file, checked.error);
    return checked.data.profiles;
  }

  private async write(profiles: StoredProfile[]): Promise<void> {
    const tmp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify({ version: 1, profiles }, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

function damaged(file: string, cause: unknown): WorkbenchError {
  return new WorkbenchError('INTERNAL', `The S3 profiles file ${file} cannot be read.`, {
    hint: 'Move it aside and run the S3 setup wizard again to save the profiles anew.',
    cause,
  });
}
