import { WorkbenchError } from '../errors';
import type {
  CallOptions,
  OntapApi,
  OntapInterface,
  OntapS3Bucket,
  OntapS3Group,
  OntapS3Keys,
  OntapS3Service,
  OntapS3User,
  OntapClone,
  OntapSnapshot,
  OntapVolume,
} from './ontap-api';
import { isOntapNotFound } from './rest-errors';
import type { RestClient } from './rest-client';

/** The OntapApi over ONTAP's REST API (the default protocol). */

type Json = Record<string, unknown>;
type Named = { name?: string; uuid?: string };

const VOLUME_FIELDS =
  'uuid,name,svm.name,space.size,space.used,nas.path,nas.unix_permissions,nas.uid,nas.gid,clone.is_flexclone,aggregates.name';

/** ONTAP's `unix_permissions` (decimal digits that read as octal, 755) as the digits. */
function permissionsDigits(value: unknown): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const digits = String(value);
  return /^[0-7]{1,4}$/.test(digits) ? digits.padStart(3, '0') : null;
}

function toVolume(r: Json): OntapVolume {
  const space = (r.space ?? {}) as { size?: number; used?: number };
  const nas = (r.nas ?? {}) as { path?: string | null; unix_permissions?: number; uid?: number; gid?: number };
  const clone = (r.clone ?? {}) as { is_flexclone?: boolean };
  return {
    uuid: String(r.uuid ?? ''),
    name: String(r.name ?? ''),
    svm: String((r.svm as Named | undefined)?.name ?? ''),
    size: space.size ?? 0,
    used: space.used ?? 0,
    junctionPath: nas.path || null,
    isClone: clone.is_flexclone === true,
    unixPermissions: permissionsDigits(nas.unix_permissions),
    uid: typeof nas.uid === 'number' ? nas.uid : null,
    gid: typeof nas.gid === 'number' ? nas.gid : null,
  };
}

function toSnapshot(r: Json): OntapSnapshot {
  return {
    uuid: String(r.uuid ?? ''),
    name: String(r.name ?? ''),
    createTime: typeof r.create_time === 'string' ? new Date(r.create_time).toISOString() : '',
    comment: typeof r.comment === 'string' ? r.comment : '',
  };
}

function toClone(r: Json): OntapClone {
  const clone = (r.clone ?? {}) as { parent_volume?: Named; parent_snapshot?: Named; parent_svm?: Named };
  const svm = String((r.svm as Named | undefined)?.name ?? '');
  return {
    svm,
    name: String(r.name ?? ''),
    junctionPath: ((r.nas ?? {}) as { path?: string | null }).path || null,
    parentSvm: String(clone.parent_svm?.name ?? svm),
    parentVolume: String(clone.parent_volume?.name ?? ''),
    parentSnapshot: String(clone.parent_snapshot?.name ?? ''),
  };
}

function toService(r: Json, svm: string): OntapS3Service {
  return {
    svm: String((r.svm as Named | undefined)?.name ?? svm),
    name: String(r.name ?? ''),
    enabled: r.enabled !== false,
    http: r.is_http_enabled === true,
    https: r.is_https_enabled === true,
    // ONTAP's defaults when a release leaves them out; the lab reports the ports it really listens on.
    port: typeof r.port === 'number' ? r.port : 80,
    securePort: typeof r.secure_port === 'number' ? r.secure_port : 443,
  };
}

function toGroup(r: Json, svm: string): OntapS3Group {
  const names = (list: unknown) => ((list as Named[] | undefined) ?? []).map((x) => String(x.name ?? ''));
  return {
    svm,
    id: typeof r.id === 'number' ? r.id : null,
    name: String(r.name ?? ''),
    users: names(r.users),
    policies: names(r.policies),
  };
}

function keysOf(body: Json, what: string): OntapS3Keys {
  const record = ((body.records as Json[] | undefined) ?? [])[0] ?? {};
  const accessKey = record.access_key;
  const secretKey = record.secret_key;
  if (typeof accessKey !== 'string' || typeof secretKey !== 'string')
    throw new WorkbenchError('ONTAP_ERROR', `ONTAP did not return the keys of ${what}.`, {
      hint: 'Regenerate the user’s keys to get a new pair.',
    });
  return { accessKey, secretKey };
}

/** The OntapApi over REST; `close()` ends the client's connections. */
export class RestOntapApi implements OntapApi {
  readonly protocol = 'rest' as const;
  private readonly svmUuids = new Map<string, string>();

  constructor(private readonly client: RestClient) {}

  async cluster(o: CallOptions = {}): Promise<{ name: string; version: string }> {
    const body = await this.client.get('/api/cluster', { query: { fields: 'name,version' }, signal: o.signal });
    const version = (body.version ?? {}) as { full?: string };
    return { name: String(body.name ?? ''), version: version.full ?? '' };
  }

  async svms(o: CallOptions = {}): Promise<{ name: string; uuid: string; state: string }[]> {
    const records = await this.client.collect<Json>('/api/svm/svms', { query: { fields: 'name,uuid,state' }, signal: o.signal });
    return records.map((r) => {
      const svm = { name: String(r.name ?? ''), uuid: String(r.uuid ?? ''), state: String(r.state ?? '') };
      this.svmUuids.set(svm.name, svm.uuid);
      return svm;
    });
  }

  async volumes(svm?: string, o: CallOptions = {}): Promise<OntapVolume[]> {
    const records = await this.client.collect<Json>('/api/storage/volumes', {
      query: { fields: VOLUME_FIELDS, 'svm.name': svm },
      signal: o.signal,
    });
    return records.map(toVolume);
  }

  async createVolume(
    input: { svm: string; name: string; sizeBytes: number; junctionPath: string },
    o: CallOptions = {},
  ): Promise<OntapVolume> {
    // The aggregate the SVM's volumes already use (FSx has one); ONTAP picks one itself when there are none.
    const aggregate = await this.aggregateOf(input.svm, o);
    await this.client.change('POST', '/api/storage/volumes', {
      body: {
        name: input.name,
        svm: { name: input.svm },
        size: input.sizeBytes,
        ...(aggregate ? { aggregates: [{ name: aggregate }] } : {}),
        nas: { path: input.junctionPath, security_style: 'unix' },
      },
      signal: o.signal,
    });
    return this.volume(input.svm, input.name, o);
  }

  async setUnixPermissions(svm: string, volume: string, mode: string, o: CallOptions = {}): Promise<void> {
    const digits = mode.replace(/^0(?=[0-7]{3}$)/, '');
    if (!/^[0-7]{3,4}$/.test(digits))
      throw new WorkbenchError('INVALID_INPUT', `"${mode}" is not a UNIX mode; give octal digits such as 0777 or 755.`);
    const { uuid } = await this.volume(svm, volume, o);
    await this.client.change('PATCH', `/api/storage/volumes/${uuid}`, {
      body: { nas: { unix_permissions: Number(digits) } },
      signal: o.signal,
    });
  }

  async interfaces(svm?: string, o: CallOptions = {}): Promise<OntapInterface[]> {
    const records = await this.client.collect<Json>('/api/network/ip/interfaces', {
      query: { fields: 'name,svm.name,ip.address,services,state', 'svm.name': svm },
      signal: o.signal,
    });
    // Cluster and node interfaces have no SVM; the workbench needs the data interfaces.
    return records
      .filter((r) => (r.svm as Named | undefined)?.name)
      .map((r) => ({
        name: String(r.name ?? ''),
        svm: String((r.svm as Named).name),
        address: String((r.ip as { address?: string } | undefined)?.address ?? ''),
        services: ((r.services as string[] | undefined) ?? []).map((s) => s.replace(/-/g, '_')),
        state: String(r.state ?? ''),
      }));
  }

  async s3Service(svm: string, o: CallOptions = {}): Promise<OntapS3Service | null> {
    const records = await this.client.collect<Json>('/api/protocols/s3/services', {
      query: { fields: 'name,svm.name,enabled,is_http_enabled,is_https_enabled,port,secure_port', 'svm.name': svm },
      signal: o.signal,
    });
    const record = records[0];
    return record ? toService(record, svm) : null;
  }

  async createS3Service(
    svm: string,
    input: { name: string; http: boolean; https: boolean },
    o: CallOptions = {},
  ): Promise<OntapS3Service> {
    await this.client.change('POST', '/api/protocols/s3/services', {
      body: { svm: { name: svm }, name: input.name, enabled: true, is_http_enabled: input.http, is_https_enabled: input.https },
      signal: o.signal,
    });
    const service = await this.s3Service(svm, o);
    if (!service) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no object-store server on ${svm}.`);
    return service;
  }

  async s3Users(svm: string, o: CallOptions = {}): Promise<OntapS3User[]> {
    const base = `/api/protocols/s3/services/${await this.svmUuid(svm, o)}/users`;
    const records = await this.client
      .collect<Json>(base, { query: { fields: 'name,access_key' }, signal: o.signal })
      .catch((err: unknown) => {
        // No object-store server on the SVM yet: no users.
        if (isOntapNotFound(err)) return [];
        throw err;
      });
    return records.map((r) => ({ svm, name: String(r.name ?? ''), accessKey: (r.access_key as string | undefined) ?? null }));
  }

  async createS3User(svm: string, name: string, o: CallOptions = {}): Promise<OntapS3Keys> {
    const base = `/api/protocols/s3/services/${await this.svmUuid(svm, o)}/users`;
    const response = await this.client.change('POST', base, { body: { name }, signal: o.signal });
    return keysOf(response.body, `user ${name}`);
  }

  async regenerateS3Keys(svm: string, name: string, o: CallOptions = {}): Promise<OntapS3Keys> {
    const path = `/api/protocols/s3/services/${await this.svmUuid(svm, o)}/users/${encodeURIComponent(name)}`;
    const response = await this.client.change('PATCH', path, { query: { regenerate_keys: true }, body: {}, signal: o.signal });
    return keysOf(response.body, `user ${name}`);
  }

  async s3Groups(svm: string, o: CallOptions = {}): Promise<OntapS3Group[]> {
    const base = `/api/protocols/s3/services/${await this.svmUuid(svm, o)}/groups`;
    const records = await this.client
      .collect<Json>(base, { query: { fields: 'id,name,users,policies' }, signal: o.signal })
      .catch((err: unknown) => {
        if (isOntapNotFound(err)) return [];
        throw err;
      });
    return records.map((r) => toGroup(r, svm));
  }

  async createS3Group(
    svm: string,
    input: { name: string; users: string[]; policies: string[] },
    o: CallOptions = {},
  ): Promise<OntapS3Group> {
    const base = `/api/protocols/s3/services/${await this.svmUuid(svm, o)}/groups`;
    await this.client.change('POST', base, {
      body: {
        name: input.name,
        users: input.users.map((n) => ({ name: n })),
        policies: input.policies.map((n) => ({ name: n })),
      },
      signal: o.signal,
    });
    const group = (await this.s3Groups(svm, o)).find((g) => g.name === input.name);
    if (!group) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no group ${input.name} on ${svm}.`);
    return group;
  }

  async s3Buckets(svm?: string, o: CallOptions = {}): Promise<OntapS3Bucket[]> {
    const records = await this.client.collect<Json>('/api/protocols/s3/buckets', {
      query: { fields: 'name,svm.name,type,nas_path', 'svm.name': svm },
      signal: o.signal,
    });
    return records.map((r) => ({
      svm: String((r.svm as Named | undefined)?.name ?? svm ?? ''),
      name: String(r.name ?? ''),
      type: r.type === 'nas' ? 'nas' : 's3',
      nasPath: (r.nas_path as string | undefined) || null,
    }));
  }

  async createNasBucket(svm: string, input: { name: string; nasPath: string }, o: CallOptions = {}): Promise<OntapS3Bucket> {
    await this.client.change('POST', '/api/protocols/s3/buckets', {
      body: { svm: { name: svm }, name: input.name, type: 'nas', nas_path: input.nasPath },
      signal: o.signal,
    });
    const bucket = (await this.s3Buckets(svm, o)).find((b) => b.name === input.name);
    if (!bucket) throw new WorkbenchError('ONTAP_ERROR', `ONTAP created no bucket ${input.name} on ${svm}.`);
    return bucket;
  }

  async deleteBucket(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    const records = await this.client.collect<Json>('/api/protocols/s3/buckets', {
      query: { fields: 'uuid,svm.uuid', 'svm.name': svm, name },
      signal: o.signal,
    });
    const record = records[0];
    const svmUuid = (record?.svm as { uuid?: string } | undefined)?.uuid;
    if (!record || !svmUuid)
      throw new WorkbenchError('NOT_FOUND', `There is no bucket ${name} on SVM ${svm}.`, {
        hint: 'Refresh the cluster view; the bucket may have been deleted already.',
      });
    await this.client.change('DELETE', `/api/protocols/s3/buckets/${svmUuid}/${String(record.uuid)}`, {
      signal: o.signal,
      onJob: o.onJob,
    });
  }

  async snapshots(svm: string, volume: string, o: CallOptions = {}): Promise<OntapSnapshot[]> {
    const { uuid } = await this.volume(svm, volume, o);
    const records = await this.client.collect<Json>(`/api/storage/volumes/${uuid}/snapshots`, {
      query: { fields: 'uuid,name,create_time,comment' },
      signal: o.signal,
    });
    return records.map(toSnapshot).sort((a, b) => a.createTime.localeCompare(b.createTime));
  }

  async createSnapshot(
    svm: string,
    volume: string,
    input: { name: string; comment?: string },
    o: CallOptions = {},
  ): Promise<OntapSnapshot> {
    const { uuid } = await this.volume(svm, volume, o);
    await this.client.change('POST', `/api/storage/volumes/${uuid}/snapshots`, {
      body: { name: input.name, ...(input.comment ? { comment: input.comment } : {}) },
      signal: o.signal,
      onJob: o.onJob,
    });
    return this.snapshotNamed(uuid, volume, input.name, o);
  }

  async deleteSnapshot(svm: string, volume: string, snapshot: string, o: CallOptions = {}): Promise<void> {
    const { uuid } = await this.volume(svm, volume, o);
    const found = await this.snapshotNamed(uuid, volume, snapshot, o);
    await this.client.change('DELETE', `/api/storage/volumes/${uuid}/snapshots/${found.uuid}`, {
      signal: o.signal,
      onJob: o.onJob,
    });
  }

  async restoreSnapshot(svm: string, volume: string, snapshot: string, o: CallOptions = {}): Promise<void> {
    const { uuid } = await this.volume(svm, volume, o);
    await this.client.change('PATCH', `/api/storage/volumes/${uuid}`, {
      body: { restore_to: { snapshot: { name: snapshot } } },
      signal: o.signal,
      onJob: o.onJob,
    });
  }

  async clones(svm?: string, o: CallOptions = {}): Promise<OntapClone[]> {
    const records = await this.client.collect<Json>('/api/storage/volumes', {
      query: {
        fields: 'name,svm.name,nas.path,clone.parent_volume.name,clone.parent_snapshot.name,clone.parent_svm.name',
        'clone.is_flexclone': true,
        'svm.name': svm,
      },
      signal: o.signal,
    });
    return records.map(toClone);
  }

  async createClone(
    input: { svm: string; name: string; parentVolume: string; parentSnapshot: string; junctionPath: string | null },
    o: CallOptions = {},
  ): Promise<OntapVolume> {
    await this.client.change('POST', '/api/storage/volumes', {
      body: {
        name: input.name,
        svm: { name: input.svm },
        clone: {
          is_flexclone: true,
          parent_volume: { name: input.parentVolume },
          parent_snapshot: { name: input.parentSnapshot },
        },
        ...(input.junctionPath ? { nas: { path: input.junctionPath } } : {}),
      },
      signal: o.signal,
      onJob: o.onJob,
    });
    return this.volume(input.svm, input.name, o);
  }

  async splitClone(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    const { uuid } = await this.volume(svm, name, o);
    await this.client.change('PATCH', `/api/storage/volumes/${uuid}`, {
      body: { clone: { split_initiated: true } },
      signal: o.signal,
      onJob: o.onJob,
    });
  }

  async deleteVolume(svm: string, name: string, o: CallOptions = {}): Promise<void> {
    const { uuid } = await this.volume(svm, name, o);
    await this.client.change('DELETE', `/api/storage/volumes/${uuid}`, { signal: o.signal, onJob: o.onJob });
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async snapshotNamed(volumeUuid: string, volume: string, name: string, o: CallOptions): Promise<OntapSnapshot> {
    const records = await this.client.collect<Json>(`/api/storage/volumes/${volumeUuid}/snapshots`, {
      query: { fields: 'uuid,name,create_time,comment', name },
      signal: o.signal,
    });
    const record = records[0];
    if (!record)
      throw new WorkbenchError('NOT_FOUND', `There is no snapshot ${name} of volume ${volume}.`, {
        hint: 'Refresh the snapshots; it may have been deleted (a restore to an older snapshot deletes newer ones).',
      });
    return toSnapshot(record);
  }

  private async volume(svm: string, name: string, o: CallOptions): Promise<OntapVolume> {
    const records = await this.client.collect<Json>('/api/storage/volumes', {
      query: { fields: VOLUME_FIELDS, 'svm.name': svm, name },
      signal: o.signal,
    });
    const record = records[0];
    if (!record)
      throw new WorkbenchError('NOT_FOUND', `There is no volume ${name} on SVM ${svm}.`, {
        hint: 'Refresh the cluster view; the volume may have been renamed or deleted.',
      });
    return toVolume(record);
  }

  private async aggregateOf(svm: string, o: CallOptions): Promise<string | null> {
    const body = await this.client.get('/api/storage/volumes', {
      query: { fields: 'aggregates.name', 'svm.name': svm, max_records: 1 },
      signal: o.signal,
    });
    const first = ((body.records as Json[] | undefined) ?? [])[0];
    return ((first?.aggregates as Named[] | undefined) ?? [])[0]?.name ?? null;
  }

  private async svmUuid(svm: string, o: CallOptions): Promise<string> {
    const known = this.svmUuids.get(svm);
    if (known) return known;
    const records = await this.client.collect<Json>('/api/svm/svms', { query: { fields: 'uuid', name: svm }, signal: o.signal });
    const uuid = records[0]?.uuid;
    if (typeof uuid !== 'string')
      throw new WorkbenchError('NOT_FOUND', `There is no SVM ${svm}.`, {
        hint: 'Refresh the cluster view and pick an SVM from it.',
      });
    this.svmUuids.set(svm, uuid);
    return uuid;
  }
}
