/**
 * The operations the workbench needs from an ONTAP cluster, the same over the REST API and over
 * the CLI via SSH. The S3 setup wizard and discovery are written against this; `rest-api.ts` and
 * `cli-api.ts` implement it. Every call honours the signal and throws WorkbenchError with a stable
 * code (HOST_UNREACHABLE, TLS_UNTRUSTED, ONTAP_AUTH_FAILED, ONTAP_ERROR…) and a fix in plain words.
 */

/** A volume as the wizard and discovery need it. */
export interface OntapVolume {
  uuid: string;
  name: string;
  svm: string;
  size: number;
  used: number;
  junctionPath: string | null;
  isClone: boolean;
  /** Octal digits as ONTAP shows them, e.g. "755". */
  unixPermissions: string | null;
  uid: number | null;
  gid: number | null;
}

/** A data interface (LIF). */
export interface OntapInterface {
  name: string;
  svm: string;
  address: string;
  /** ONTAP's service names, e.g. `data_s3_server` (REST) / `data-s3-server` (CLI) normalised to underscores. */
  services: string[];
  state: string;
}

/** An SVM's object-store server. */
export interface OntapS3Service {
  svm: string;
  name: string;
  enabled: boolean;
  http: boolean;
  https: boolean;
  port: number;
  securePort: number;
}

/** An S3 user; the secret is never readable after creation (except on old releases' CLI). */
export interface OntapS3User {
  svm: string;
  name: string;
  accessKey: string | null;
}

/** A new or regenerated key pair: the only time the secret is seen. */
export interface OntapS3Keys {
  accessKey: string;
  secretKey: string;
}

/** An S3 group. */
export interface OntapS3Group {
  svm: string;
  id: number | null;
  name: string;
  users: string[];
  policies: string[];
}

/** A bucket. */
export interface OntapS3Bucket {
  svm: string;
  name: string;
  type: 's3' | 'nas';
  nasPath: string | null;
}

/** A snapshot of a volume. */
export interface OntapSnapshot {
  uuid: string;
  name: string;
  /** ISO 8601. */
  createTime: string;
  comment: string;
}

/** A FlexClone still tied to its parent snapshot. */
export interface OntapClone {
  svm: string;
  name: string;
  junctionPath: string | null;
  parentSvm: string;
  parentVolume: string;
  parentSnapshot: string;
}

/** What one call may be given. */
export interface CallOptions {
  signal?: AbortSignal;
  /** While ONTAP runs a change as a job (REST 202): its state and message at each poll, in a line. */
  onJob?: (message: string) => void;
}

/** The cluster operations, over REST or SSH. */
export interface OntapApi {
  readonly protocol: 'rest' | 'ssh';
  cluster(o?: CallOptions): Promise<{ name: string; version: string }>;
  svms(o?: CallOptions): Promise<{ name: string; uuid: string; state: string }[]>;
  volumes(svm?: string, o?: CallOptions): Promise<OntapVolume[]>;
  createVolume(
    input: { svm: string; name: string; sizeBytes: number; junctionPath: string },
    o?: CallOptions,
  ): Promise<OntapVolume>;
  /** `PATCH nas.unix_permissions` / `volume modify -unix-permissions`: the fix for AccessDenied on NAS buckets. */
  setUnixPermissions(svm: string, volume: string, mode: string, o?: CallOptions): Promise<void>;
  interfaces(svm?: string, o?: CallOptions): Promise<OntapInterface[]>;
  s3Service(svm: string, o?: CallOptions): Promise<OntapS3Service | null>;
  createS3Service(svm: string, input: { name: string; http: boolean; https: boolean }, o?: CallOptions): Promise<OntapS3Service>;
  s3Users(svm: string, o?: CallOptions): Promise<OntapS3User[]>;
  createS3User(svm: string, name: string, o?: CallOptions): Promise<OntapS3Keys>;
  regenerateS3Keys(svm: string, name: string, o?: CallOptions): Promise<OntapS3Keys>;
  s3Groups(svm: string, o?: CallOptions): Promise<OntapS3Group[]>;
  createS3Group(
    svm: string,
    input: { name: string; users: string[]; policies: string[] },
    o?: CallOptions,
  ): Promise<OntapS3Group>;
  s3Buckets(svm?: string, o?: CallOptions): Promise<OntapS3Bucket[]>;
  createNasBucket(svm: string, input: { name: string; nasPath: string }, o?: CallOptions): Promise<OntapS3Bucket>;
  /** Deletes a bucket (a NAS bucket's files stay in their volume). */
  deleteBucket(svm: string, name: string, o?: CallOptions): Promise<void>;
  /** A volume's snapshots, oldest first. */
  snapshots(svm: string, volume: string, o?: CallOptions): Promise<OntapSnapshot[]>;
  createSnapshot(svm: string, volume: string, input: { name: string; comment?: string }, o?: CallOptions): Promise<OntapSnapshot>;
  deleteSnapshot(svm: string, volume: string, snapshot: string, o?: CallOptions): Promise<void>;
  /** SnapRestore: the volume's active file system becomes the snapshot; ONTAP deletes the newer snapshots. */
  restoreSnapshot(svm: string, volume: string, snapshot: string, o?: CallOptions): Promise<void>;
  /** FlexClones that still depend on a parent snapshot (split ones are plain volumes). */
  clones(svm?: string, o?: CallOptions): Promise<OntapClone[]>;
  createClone(
    input: { svm: string; name: string; parentVolume: string; parentSnapshot: string; junctionPath: string | null },
    o?: CallOptions,
  ): Promise<OntapVolume>;
  /** Starts splitting a clone from its parent; afterwards it no longer holds the parent snapshot. */
  splitClone(svm: string, name: string, o?: CallOptions): Promise<void>;
  /** Deletes a volume (a clone), unmounting and taking it offline first where the protocol needs it. */
  deleteVolume(svm: string, name: string, o?: CallOptions): Promise<void>;
  close(): Promise<void>;
}
