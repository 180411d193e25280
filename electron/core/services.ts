import type { Connection } from '../../shared/connections';
import type { RunStatus } from '../../shared/training';
import type { DatasetVersion } from '../../shared/versions';
import type { DatasetCache } from './dataset-cache/dataset-cache';
import type { EventBus } from './event-bus';
import type { JobRegistry } from './jobs/job-registry';
import type { LabStatusBoard } from './lab-status';
import type { OntapApi } from './ontap/ontap-api';
import type { TrackingStore } from './tracking/tracking-store';

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
  /** Pins and materializes dataset versions (core/versions); training asks it before every run. */
  versions?: VersionPinning;
  /** What the versions domain needs to know about runs and models (lineage, delete protection); set by tracking. */
  runLookup?: RunLookup;
  /** Where the Python runner and probe scripts live (`<resources>/python`). */
  resourcesDir?: string;
  /** The experiment tracking store (runs, metrics, artifacts), shared by training and the model registry. */
  tracking?: TrackingStore;
}

/** Pins a dataset to a version and makes a version's files readable on local disk. */
export interface VersionPinning {
  /**
   * The version a run will read: the named snapshot, or (none named) a new snapshot of the live data
   * named `wb-<dataset>-<UTC timestamp>` when the dataset is on an ONTAP volume, else its listing.
   */
  pin(
    datasetId: string,
    snapshot: string | undefined,
    options: { signal?: AbortSignal; reason?: string },
  ): Promise<DatasetVersion>;
  /**
   * A complete, verified local copy of the version (the dataset cache, filled first when needed);
   * `dir` holds the dataset's files at their keys relative to the dataset's prefix.
   */
  materialize(
    version: DatasetVersion,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number, message: string) => void },
  ): Promise<{ dir: string }>;
}

/** A run as lineage shows it. */
export interface LineageRun {
  id: string;
  name: string;
  status: RunStatus;
  startedAt: string | null;
  models: { id: string; name: string; version: number }[];
}

/** Runs (and the models they produced) that read a snapshot. */
export interface RunLookup {
  runsUsingSnapshot(ref: { connectionId: string; svm: string; volume: string; snapshot: string }): LineageRun[];
}
