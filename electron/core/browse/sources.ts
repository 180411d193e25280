import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { FOLDER_BUCKET, type Source } from '../../../shared/datasets';
import { WorkbenchError } from '../errors';
import type { EventBus } from '../event-bus';
import { S3ProfileStore } from '../s3profiles/profile-store';
import type { SecretStore } from '../services';
import { FolderBrowser } from './folder-browser';
import { JsonFile } from './json-file';
import { S3Browser } from './s3-browser';
import type { SourceBrowser } from './source-browser';

/** The file local-folder sources live in, in the data directory (S3 sources are the S3 profiles). */
export const SOURCES_FILE = 'folder-sources.json';

const folderSchema = z.object({ id: z.string(), name: z.string(), path: z.string(), createdAt: z.string() });
const fileSchema = z.object({ version: z.literal(1), folders: z.array(folderSchema) });
type FolderDoc = z.infer<typeof fileSchema>;

/** Local-folder ids carry a prefix so they never collide with an S3 profile's id. */
const FOLDER_ID_PREFIX = 'folder-';

/** Every browsable source: the S3 profiles (from the wizard or entered by hand) and the local folders. */
export class SourceCatalog {
  readonly profiles: S3ProfileStore;
  private readonly folders: JsonFile<FolderDoc>;

  constructor(
    dataDir: string,
    secrets: SecretStore,
    private readonly bus?: EventBus,
  ) {
    this.profiles = new S3ProfileStore(dataDir, secrets);
    this.folders = new JsonFile(
      join(dataDir, SOURCES_FILE),
      fileSchema,
      () => ({ version: 1, folders: [] }),
      'Move it aside and add the local folders again.',
    );
  }

  /** S3 profiles first (oldest first), then local folders. */
  async list(): Promise<Source[]> {
    const profiles = await this.profiles.list();
    const folders = (await this.folders.read()).folders;
    return [
      ...profiles.map((p) => ({
        id: p.id,
        kind: 's3' as const,
        name: p.name,
        location: p.endpoint,
        bucket: p.bucket,
        hasSecret: p.hasSecret,
        createdAt: p.createdAt,
      })),
      ...folders.map((f) => ({
        id: f.id,
        kind: 'folder' as const,
        name: f.name,
        location: f.path,
        bucket: FOLDER_BUCKET,
        hasSecret: true,
        createdAt: f.createdAt,
      })),
    ];
  }

  /** One source, or NOT_FOUND with what to do. */
  async get(id: string): Promise<Source> {
    const found = (await this.list()).find((s) => s.id === id);
    if (!found) {
      throw new WorkbenchError('NOT_FOUND', `There is no source ${id}.`, {
        hint: 'It may have been removed; choose one from the list of sources.',
      });
    }
    return found;
  }

  /** Adds a local folder (an absolute path to an existing folder); adding the same path again answers the saved one. */
  async addFolder(input: { path: string; name?: string }): Promise<Source> {
    if (!isAbsolute(input.path)) {
      throw new WorkbenchError('INVALID_INPUT', `"${input.path}" is not an absolute path.`, {
        hint: 'Choose the folder with the picker, or give its full path (e.g. /data/images).',
      });
    }
    const path = resolve(input.path);
    const st = await stat(path).catch(() => null);
    if (!st)
      throw new WorkbenchError('NOT_FOUND', `Folder ${path} does not exist.`, {
        hint: 'Check the path, or create the folder first.',
      });
    if (!st.isDirectory()) {
      throw new WorkbenchError('INVALID_INPUT', `${path} is a file, not a folder.`, {
        hint: 'Choose the folder that holds the files.',
      });
    }
    const id = await this.folders.update((doc) => {
      const existing = doc.folders.find((f) => f.path === path);
      if (existing) return existing.id;
      const folder = {
        id: `${FOLDER_ID_PREFIX}${randomUUID()}`,
        name: input.name ?? basename(path),
        path,
        createdAt: new Date().toISOString(),
      };
      doc.folders.push(folder);
      return folder.id;
    });
    await this.changed();
    return this.get(id);
  }

  /** Removes a source: a folder from the list (its files stay), or an S3 profile with its stored secret. */
  async remove(id: string): Promise<boolean> {
    const removed = id.startsWith(FOLDER_ID_PREFIX)
      ? await this.folders.update((doc) => {
          const before = doc.folders.length;
          doc.folders = doc.folders.filter((f) => f.id !== id);
          return doc.folders.length !== before;
        })
      : await this.profiles.delete(id);
    if (removed) await this.changed();
    return removed;
  }

  /** A browser over the source; the caller closes it. */
  async open(id: string): Promise<SourceBrowser> {
    const source = await this.get(id);
    if (source.kind === 'folder') return new FolderBrowser(source.location);
    const profile = (await this.profiles.get(id))!;
    const secret = await this.profiles.secret(id);
    if (secret === null) {
      throw new WorkbenchError(
        'S3_BAD_CREDENTIALS',
        `The secret key of S3 profile "${profile.name}" is not in the secrets store.`,
        {
          hint: 'Enter the profile again with its secret key, or run the S3 setup wizard again and let it regenerate the keys.',
        },
      );
    }
    return new S3Browser(profile, secret);
  }

  /** Runs `fn` with a browser over the source, closing it afterwards. */
  async with<T>(id: string, fn: (browser: SourceBrowser) => Promise<T>): Promise<T> {
    const browser = await this.open(id);
    try {
      return await fn(browser);
    } finally {
      browser.close();
    }
  }

  private async changed(): Promise<void> {
    if (this.bus) this.bus.publish('sources.changed', { sources: await this.list() });
  }
}
