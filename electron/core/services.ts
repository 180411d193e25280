import type { Connection } from '../../shared/connections';
import type { DatasetCache } from './dataset-cache/dataset-cache';
import type { EventBus } from './event-bus';
import type { JobRegistry } from './jobs/job-registry';
import type { LabStatusBoard } from './lab-status';
import type { OntapApi } from './ontap/ontap-api';

/** Encrypts secrets at rest; the desktop app passes Electron's safeStorage, headless modes use `secrets/`' own. */
export interface SecretCipher {
  readonly kind: string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/**
 * Where passwords and secret keys live: encrypted at rest, never logged, never sent to the
 * renderer (except a secret the user explicitly reveals).
 */
export interface SecretStore {
  /** How the store protects its file (e.g. "electron-safe-storage", "passphrase", "key-file"). */
  readonly kind: string;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The saved connections, and a way to talk to the cluster behind one. */
export interface ConnectionRegistry {
  list(): Connection[];
  get(id: string): Connection;
  /** An API session over the connection's protocol (or the one asked for); the caller closes it. */
  openApi(id: string, options?: { protocol?: 'rest' | 'ssh'; signal?: AbortSignal }): Promise<OntapApi>;
}

/** What domain handlers are built from. */
export interface ServiceContext {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  bus: EventBus;
  jobs: JobRegistry;
  lab: LabStatusBoard;
  secrets: SecretStore;
  connections: ConnectionRegistry;
  /** The one dataset version cache, shared by transfers (fills) and browsing (previews read from it); handlers make their own when absent. */
  datasetCache?: DatasetCache;
}
