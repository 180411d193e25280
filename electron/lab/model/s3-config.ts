import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { LabContext } from './context';
import { duplicate, invalid, LabError, notFound } from './errors';
import type { LabVolumes } from './volumes';
import type { PolicyStatement, Ref, S3Bucket, S3Group, S3Policy, S3Service, S3User } from './types';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';
/** ONTAP's default UNIX user for S3 users without a name mapping. */
export const DEFAULT_S3_UID = 65534;
/** A single PUT of up to 5 GiB, as S3 allows, unless the service caps it lower. */
export const DEFAULT_MAX_PUT_BYTES = 5 * 1024 ** 3;
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

/** The policies every object-store server has. */
export function builtInPolicies(svm: Ref): S3Policy[] {
  return [
    {
      name: 'FullAccess',
      svm,
      read_only: true,
      comment: 'Full access to all buckets',
      statements: [{ effect: 'allow', actions: ['*'], resources: ['*'] }],
    },
    {
      name: 'ReadOnlyAccess',
      svm,
      read_only: true,
      comment: 'Read-only access to all buckets',
      statements: [
        {
          effect: 'allow',
          actions: ['s3:GetObject', 's3:ListAllMyBuckets', 's3:ListBucket', 's3:GetBucketLocation'],
          resources: ['*'],
        },
      ],
    },
  ];
}

/** Matches an action or resource pattern with `*` and `?` wildcards, as S3 policies do. */
export function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/** Checks a bucket name as ONTAP does: 3–63 characters of lower-case letters, digits, "." and "-". */
export function checkBucketName(name: string): void {
  if (!BUCKET_NAME.test(name) || name.includes('..')) {
    throw invalid(
      `Invalid bucket name "${name}": use 3 to 63 characters of lower-case letters, digits, "." and "-", starting and ending with a letter or digit.`,
      'name',
      '92405789',
    );
  }
}

/** The object-store servers, users, groups, policies and buckets of the lab's SVMs. */
export class LabS3Config {
  constructor(
    private readonly ctx: LabContext,
    private readonly volumes: LabVolumes,
  ) {}

  /** Every object-store server. */
  services(): S3Service[] {
    return this.ctx.store.all<S3Service>('s3service');
  }

  /** An SVM's object-store server, or undefined. */
  service(svm: string): S3Service | undefined {
    const s = this.ctx.svm(svm);
    return this.ctx.store.get<S3Service>('s3service', s.uuid);
  }

  /** An SVM's object-store server; ONTAP's "entry doesn't exist" without one. */
  requireService(svm: string): S3Service {
    const found = this.service(svm);
    if (!found) throw notFound('object-store server', 'svm.uuid');
    return found;
  }

  /** Creates an SVM's object-store server (and its `root` user, as ONTAP does). */
  createService(
    svm: string,
    input: { name: string; enabled?: boolean; is_http_enabled?: boolean; is_https_enabled?: boolean; comment?: string },
  ): S3Service {
    const ref = this.ctx.svmRef(svm);
    if (this.ctx.store.get('s3service', ref.uuid))
      throw duplicate(`Object store server already exists for Vserver "${ref.name}".`, 'svm');
    if (!/^[A-Za-z0-9_.-]{1,253}$/.test(input.name ?? ''))
      throw invalid(`Invalid object store server name "${input.name}".`, 'name');
    const ports = this.ctx.config.ports.s3[ref.name];
    if (!ports) throw new LabError('1', `The lab has no S3 port for SVM "${ref.name}".`, 500);
    const service: S3Service = {
      svm: ref,
      name: input.name,
      enabled: input.enabled ?? true,
      is_http_enabled: input.is_http_enabled ?? false,
      is_https_enabled: input.is_https_enabled ?? true,
      port: ports.http,
      secure_port: ports.https,
      comment: input.comment ?? '',
      lab: { multipart_supported: true, max_put_bytes: DEFAULT_MAX_PUT_BYTES },
    };
    this.ctx.store.transaction(() => {
      this.ctx.store.put('s3service', ref.uuid, service);
      this.putUser({
        name: 'root',
        svm: ref,
        access_key: pick(KEY_ALPHABET, 20),
        secret_key: pick(SECRET_ALPHABET, 40),
        comment: 'Root user',
        uid: 0,
        gid: 0,
      });
    });
    this.ctx.events.emit('s3-service-changed', ref.uuid);
    return service;
  }

  /** Changes a server's settings, including the lab's FSx-like multipart and PUT-size switches. */
  patchService(
    svm: string,
    changes: Partial<Pick<S3Service, 'name' | 'enabled' | 'is_http_enabled' | 'is_https_enabled' | 'comment'>> & {
      lab?: Partial<S3Service['lab']>;
    },
  ): S3Service {
    const current = this.requireService(svm);
    const next: S3Service = { ...current, ...changes, lab: { ...current.lab, ...changes.lab } };
    this.ctx.store.put('s3service', current.svm.uuid, next);
    this.ctx.events.emit('s3-service-changed', current.svm.uuid);
    return next;
  }

  /** Deletes a server; refused while it has buckets unless `deleteAll`. */
  deleteService(svm: string, deleteAll = false): void {
    const s = this.requireService(svm);
    const buckets = this.buckets(s.svm.uuid);
    if (buckets.length && !deleteAll)
      throw new LabError(
        '92405846',
        `Cannot delete the object store server: it has ${buckets.length} bucket(s). Delete them first.`,
        409,
      );
    this.ctx.store.transaction(() => {
      for (const b of buckets) this.ctx.store.delete('bucket', b.uuid);
      for (const u of this.users(s.svm.uuid)) this.ctx.store.delete('s3user', `${s.svm.uuid}/${u.name}`);
      for (const g of this.groups(s.svm.uuid)) this.ctx.store.delete('s3group', `${s.svm.uuid}/${g.id}`);
      for (const p of this.policies(s.svm.uuid)) if (!p.read_only) this.ctx.store.delete('s3policy', `${s.svm.uuid}/${p.name}`);
      this.ctx.store.delete('s3service', s.svm.uuid);
    });
    // The hidden volumes of `s3` buckets go with them; their records go at once, their files in the
    // background (a restart sweeps any left behind).
    for (const b of buckets) {
      if (b.type === 's3')
        void this.volumes
          .delete(b.volume.uuid)
          .catch((err: unknown) => console.error(`lab: removing ${b.volume.name} failed:`, err));
    }
    this.ctx.events.emit('s3-service-changed', s.svm.uuid);
  }

  private putUser(user: S3User): void {
    this.ctx.store.put('s3user', `${user.svm.uuid}/${user.name}`, user);
  }

  /** An SVM's S3 users (with their secret keys: callers must not show them). */
  users(svm: string): S3User[] {
    const ref = this.ctx.svmRef(svm);
    return this.ctx.store.all<S3User>('s3user').filter((u) => u.svm.uuid === ref.uuid);
  }

  /** One S3 user. */
  user(svm: string, name: string): S3User {
    const found = this.users(svm).find((u) => u.name === name);
    if (!found) throw notFound('user', 'name');
    return found;
  }

  /** Creates an S3 user with new keys; the only time the secret key is returned. */
  createUser(svm: string, input: { name: string; comment?: string }): S3User {
    const service = this.requireService(svm);
    if (!/^[A-Za-z0-9_.@+=,-]{1,64}$/.test(input.name ?? '')) throw invalid(`Invalid user name "${input.name}".`, 'name');
    if (this.users(service.svm.uuid).some((u) => u.name === input.name))
      throw duplicate(`User "${input.name}" already exists.`, 'name');
    const user: S3User = {
      name: input.name,
      svm: service.svm,
      access_key: pick(KEY_ALPHABET, 20),
      secret_key: pick(SECRET_ALPHABET, 40),
      comment: input.comment ?? '',
      uid: input.name === 'root' ? 0 : DEFAULT_S3_UID,
      gid: input.name === 'root' ? 0 : DEFAULT_S3_UID,
    };
    this.putUser(user);
    return user;
  }

  /** Issues new keys to a user (existing clients with the old keys stop working). */
  regenerateKeys(svm: string, name: string): S3User {
    const user = { ...this.user(svm, name), access_key: pick(KEY_ALPHABET, 20), secret_key: pick(SECRET_ALPHABET, 40) };
    this.putUser(user);
    return user;
  }

  /** Changes a user's comment. */
  patchUser(svm: string, name: string, changes: { comment?: string }): S3User {
    const user = { ...this.user(svm, name), ...changes };
    this.putUser(user);
    return user;
  }

  /** Deletes a user (and removes it from groups). */
  deleteUser(svm: string, name: string): void {
    const user = this.user(svm, name);
    this.ctx.store.transaction(() => {
      this.ctx.store.delete('s3user', `${user.svm.uuid}/${name}`);
      for (const g of this.groups(user.svm.uuid)) {
        if (g.users.some((u) => u.name === name))
          this.ctx.store.put('s3group', `${user.svm.uuid}/${g.id}`, { ...g, users: g.users.filter((u) => u.name !== name) });
      }
    });
  }

  /** Finds the user an access key belongs to, in any SVM. */
  userByAccessKey(accessKey: string): S3User | undefined {
    return this.ctx.store.all<S3User>('s3user').find((u) => u.access_key === accessKey);
  }

  /** An SVM's policies, built-in ones first. */
  policies(svm: string): S3Policy[] {
    const ref = this.ctx.svmRef(svm);
    return [...builtInPolicies(ref), ...this.ctx.store.all<S3Policy>('s3policy').filter((p) => p.svm.uuid === ref.uuid)];
  }

  /** Creates a policy. */
  createPolicy(svm: string, input: { name: string; statements?: PolicyStatement[]; comment?: string }): S3Policy {
    const service = this.requireService(svm);
    if (this.policies(service.svm.uuid).some((p) => p.name === input.name))
      throw duplicate(`Policy "${input.name}" already exists.`, 'name');
    const policy: S3Policy = {
      name: input.name,
      svm: service.svm,
      statements: input.statements ?? [],
      comment: input.comment ?? '',
      read_only: false,
    };
    this.ctx.store.put('s3policy', `${service.svm.uuid}/${input.name}`, policy);
    return policy;
  }

  /** Deletes a custom policy. */
  deletePolicy(svm: string, name: string): void {
    const ref = this.ctx.svmRef(svm);
    if (builtInPolicies(ref).some((p) => p.name === name))
      throw invalid(`Policy "${name}" is built in and cannot be deleted.`, 'name');
    if (!this.ctx.store.delete('s3policy', `${ref.uuid}/${name}`)) throw notFound('policy', 'name');
  }

  /** An SVM's groups. */
  groups(svm: string): S3Group[] {
    const ref = this.ctx.svmRef(svm);
    return this.ctx.store.all<S3Group>('s3group').filter((g) => g.svm.uuid === ref.uuid);
  }

  /** One group by id. */
  group(svm: string, id: number): S3Group {
    const found = this.groups(svm).find((g) => g.id === id);
    if (!found) throw notFound('group', 'id');
    return found;
  }

  private checkMembers(svm: string, users: { name: string }[], policies: { name: string }[]): void {
    const known = new Set(this.users(svm).map((u) => u.name));
    for (const u of users) if (!known.has(u.name)) throw invalid(`User "${u.name}" does not exist.`, 'users.name', '92405851');
    const pols = new Set(this.policies(svm).map((p) => p.name));
    for (const p of policies)
      if (!pols.has(p.name)) throw invalid(`Policy "${p.name}" does not exist.`, 'policies.name', '92405852');
  }

  /** Creates a group giving its users the named policies. */
  createGroup(
    svm: string,
    input: { name: string; users?: { name: string }[]; policies?: { name: string }[]; comment?: string },
  ): S3Group {
    const service = this.requireService(svm);
    const existing = this.groups(service.svm.uuid);
    if (existing.some((g) => g.name === input.name)) throw duplicate(`Group "${input.name}" already exists.`, 'name');
    this.checkMembers(service.svm.uuid, input.users ?? [], input.policies ?? []);
    const group: S3Group = {
      id: Math.max(0, ...existing.map((g) => g.id)) + 1,
      name: input.name,
      svm: service.svm,
      users: input.users ?? [],
      policies: input.policies ?? [],
      comment: input.comment ?? '',
    };
    this.ctx.store.put('s3group', `${service.svm.uuid}/${group.id}`, group);
    return group;
  }

  /** Changes a group's name, users, policies or comment. */
  patchGroup(svm: string, id: number, changes: Partial<Pick<S3Group, 'name' | 'users' | 'policies' | 'comment'>>): S3Group {
    const g = this.group(svm, id);
    this.checkMembers(g.svm.uuid, changes.users ?? g.users, changes.policies ?? g.policies);
    const next = { ...g, ...changes };
    this.ctx.store.put('s3group', `${g.svm.uuid}/${id}`, next);
    return next;
  }

  /** Deletes a group. */
  deleteGroup(svm: string, id: number): void {
    const g = this.group(svm, id);
    this.ctx.store.delete('s3group', `${g.svm.uuid}/${id}`);
  }

  /** Buckets of one SVM, or of all. */
  buckets(svm?: string): S3Bucket[] {
    const all = this.ctx.store.all<S3Bucket>('bucket');
    if (!svm) return all;
    const ref = this.ctx.svmRef(svm);
    return all.filter((b) => b.svm.uuid === ref.uuid);
  }

  /** A bucket by name or uuid within an SVM. */
  bucket(svm: string, nameOrUuid: string): S3Bucket {
    const found = this.buckets(svm).find((b) => b.name === nameOrUuid || b.uuid === nameOrUuid);
    if (!found) throw notFound('bucket', 'name');
    return found;
  }

  /** Creates a bucket: `nas` on an existing junction path, or `s3` in a volume of its own. */
  async createBucket(
    svm: string,
    input: {
      name: string;
      type?: 's3' | 'nas';
      nas_path?: string;
      size?: number;
      comment?: string;
      policy?: { statements?: PolicyStatement[] };
    },
  ): Promise<S3Bucket> {
    const service = this.requireService(svm);
    checkBucketName(input.name);
    if (this.buckets().some((b) => b.name === input.name && b.svm.uuid === service.svm.uuid))
      throw duplicate(`Bucket "${input.name}" already exists.`, 'name');
    const type = input.type ?? 's3';
    let volume: Ref;
    let nasPath: string | undefined;
    if (type === 'nas') {
      if (!input.nas_path) throw invalid('A NAS bucket needs nas_path: the junction path of a volume, e.g. /vol1.', 'nas_path');
      nasPath = input.nas_path.startsWith('/') ? input.nas_path : `/${input.nas_path}`;
      const at = this.volumes.atPath(service.svm.uuid, nasPath);
      if (!at)
        throw invalid(
          `The NAS path "${nasPath}" is not a junction path of a volume in Vserver "${service.svm.name}".`,
          'nas_path',
          '92405863',
        );
      volume = { name: at.volume.name, uuid: at.volume.uuid };
    } else {
      const v = await this.volumes.create({
        name: `fg_oss_${randomBytes(5).toString('hex')}`,
        svm: service.svm.uuid,
        size: input.size ?? 100 * 1024 ** 3,
        unixPermissions: 0o777,
      });
      volume = { name: v.name, uuid: v.uuid };
    }
    const bucket: S3Bucket = {
      uuid: randomUUID(),
      name: input.name,
      svm: service.svm,
      type,
      ...(nasPath ? { nas_path: nasPath } : {}),
      size: input.size ?? this.volumes.get(volume.uuid).space.size,
      comment: input.comment ?? '',
      policy: { statements: input.policy?.statements ?? [] },
      volume,
    };
    this.ctx.store.put('bucket', bucket.uuid, bucket);
    return bucket;
  }

  /** Changes a bucket's comment, size or policy; its type cannot change. */
  patchBucket(
    svm: string,
    nameOrUuid: string,
    changes: { comment?: string; size?: number; policy?: { statements?: PolicyStatement[] }; type?: string },
  ): S3Bucket {
    const b = this.bucket(svm, nameOrUuid);
    if (changes.type !== undefined && changes.type !== b.type)
      throw invalid('The type of a bucket cannot be changed.', 'type', '92405888');
    const next: S3Bucket = {
      ...b,
      comment: changes.comment ?? b.comment,
      size: changes.size ?? b.size,
      policy: changes.policy ? { statements: changes.policy.statements ?? [] } : b.policy,
    };
    this.ctx.store.put('bucket', b.uuid, next);
    return next;
  }

  /** Deletes a bucket; a NAS bucket's files stay in the volume, an `s3` bucket must be empty. */
  async deleteBucket(svm: string, nameOrUuid: string, isEmpty: (b: S3Bucket) => Promise<boolean>): Promise<void> {
    const b = this.bucket(svm, nameOrUuid);
    if (b.type === 's3' && !(await isEmpty(b))) throw new LabError('92405811', `Bucket "${b.name}" is not empty.`, 409);
    this.ctx.store.delete('bucket', b.uuid);
    if (b.type === 's3') await this.volumes.delete(b.volume.uuid);
  }

  /**
   * Whether `user` may do `action` (e.g. `s3:PutObject`) on `resource` (`bucket` or `bucket/key`):
   * the statements of its groups' policies and of the bucket's policy that name it; a deny wins,
   * and without an allow the answer is no. The SVM's `root` user may do everything.
   */
  allows(user: S3User, action: string, bucket: S3Bucket | null, key?: string): boolean {
    if (user.name === 'root') return true;
    const resource = bucket ? (key === undefined ? bucket.name : `${bucket.name}/${key}`) : '*';
    const statements: PolicyStatement[] = [];
    const policies = new Map(this.policies(user.svm.uuid).map((p) => [p.name, p]));
    for (const g of this.groups(user.svm.uuid)) {
      if (!g.users.some((u) => u.name === user.name)) continue;
      for (const p of g.policies) statements.push(...(policies.get(p.name)?.statements ?? []));
    }
    for (const s of bucket?.policy.statements ?? []) {
      if (s.principals?.some((p) => p === '*' || p === user.name || p === `${user.svm.name}:${user.name}`)) statements.push(s);
    }
    const matches = (s: PolicyStatement) =>
      s.actions.some((a) => globMatch(a, action)) &&
      s.resources.some((r) => globMatch(r, resource) || (key === undefined && globMatch(r, `${resource}/`)));
    if (statements.some((s) => s.effect === 'deny' && matches(s))) return false;
    return statements.some((s) => s.effect === 'allow' && matches(s));
  }
}
