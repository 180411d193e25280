/**
 * The lab's records, shaped like ONTAP's REST records (field names as the API spells them) so the
 * REST server can answer with them directly and the CLI can render them as ONTAP's tables.
 */

/** `{name, uuid}` reference, as ONTAP embeds related records. */
export interface Ref {
  name: string;
  uuid: string;
}

/** The lab's one cluster. */
export interface ClusterConfig {
  name: string;
  uuid: string;
  version: { full: string; generation: number; major: number; minor: number };
  nodeName: string;
  aggregate: Ref;
  adminUser: string;
  adminPassword: string;
  /** Ports chosen at first start (or given), kept so endpoints stay the same across restarts. */
  ports: { rest: number; ssh: number; s3: Record<string, { http: number; https: number }> };
}

/** An SVM (vserver). */
export interface Svm {
  uuid: string;
  name: string;
  state: 'running' | 'stopped';
  subtype: 'default';
}

/** A data interface (LIF) of an SVM. */
export interface IpInterface {
  uuid: string;
  name: string;
  ip: { address: string; netmask: string };
  svm: Ref;
  services: string[];
  state: 'up' | 'down';
  location: { home_node: { name: string }; home_port: { name: string }; node: { name: string }; port: { name: string } };
}

/** A FlexVol volume; its active file system is a directory on local disk. */
export interface Volume {
  uuid: string;
  name: string;
  state: 'online' | 'offline';
  style: 'flexvol';
  type: 'rw';
  svm: Ref;
  aggregates: Ref[];
  nas: {
    path: string | null;
    security_style: 'unix' | 'ntfs' | 'mixed';
    unix_permissions: number;
    uid: number;
    gid: number;
    export_policy: { name: string };
  };
  space: { size: number; used: number; available: number; snapshot: { reserve_percent: number } };
  snapshot_policy: { name: string };
  clone: {
    is_flexclone: boolean;
    parent_volume?: Ref;
    parent_snapshot?: Ref;
    parent_svm?: Ref;
    split_initiated?: boolean;
  };
  comment: string;
  create_time: string;
}

/** A snapshot of a volume: an immutable, browsable copy of its files at one moment. */
export interface Snapshot {
  uuid: string;
  name: string;
  create_time: string;
  comment: string;
  expiry_time?: string;
  snapmirror_label?: string;
  volume: Ref;
  svm: Ref;
  /** Bytes of file data the snapshot references (for `volume snapshot show`). */
  size: number;
}

/** An SVM's object-store (S3) server. */
export interface S3Service {
  svm: Ref;
  name: string;
  enabled: boolean;
  is_http_enabled: boolean;
  is_https_enabled: boolean;
  /** The port the lab really listens on (ONTAP would say 80; the lab cannot assume it may bind that). */
  port: number;
  secure_port: number;
  comment: string;
  /** Lab-only switches that reproduce some FSx for ONTAP releases (see ontap.md). */
  lab: { multipart_supported: boolean; max_put_bytes: number };
}

/** An S3 user; the secret key is kept for verifying signatures but is never listed. */
export interface S3User {
  name: string;
  svm: Ref;
  access_key: string;
  secret_key: string;
  comment: string;
  /** The UNIX identity NAS bucket access runs as (ONTAP maps unknown names to the default user, uid 65534). */
  uid: number;
  gid: number;
}

/** One statement of an S3 policy. */
export interface PolicyStatement {
  sid?: string;
  effect: 'allow' | 'deny';
  actions: string[];
  resources: string[];
  /** Bucket policies name the users they apply to; group policies apply to the group's users. */
  principals?: string[];
}

/** A named S3 policy of an SVM; FullAccess and ReadOnlyAccess are built in. */
export interface S3Policy {
  name: string;
  svm: Ref;
  statements: PolicyStatement[];
  comment: string;
  read_only: boolean;
}

/** An S3 group: users and the policies they get. */
export interface S3Group {
  id: number;
  name: string;
  svm: Ref;
  users: { name: string }[];
  policies: { name: string }[];
  comment: string;
}

/** A bucket: `nas` maps to a junction path (files visible over NFS too); `s3` is stored by the lab. */
export interface S3Bucket {
  uuid: string;
  name: string;
  svm: Ref;
  type: 's3' | 'nas';
  nas_path?: string;
  size: number;
  comment: string;
  policy: { statements: PolicyStatement[] };
  /** The volume a `s3` bucket's objects live in (ONTAP creates a FlexGroup; the lab uses a hidden volume dir). */
  volume: Ref;
}

/** A cluster job, for operations that answer 202. */
export interface ClusterJob {
  uuid: string;
  description: string;
  state: 'queued' | 'running' | 'success' | 'failure' | 'paused';
  message: string;
  code: number;
  start_time: string;
  end_time?: string;
}
