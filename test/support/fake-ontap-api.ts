import { randomUUID } from 'node:crypto';
import type {
  OntapApi,
  OntapInterface,
  OntapS3Bucket,
  OntapS3Group,
  OntapS3Keys,
  OntapS3Service,
  OntapS3User,
  OntapVolume,
} from '../../electron/core/ontap/ontap-api';

/** The state an in-memory cluster holds (unit tests set it directly). */
export interface FakeCluster {
  svms: { name: string; uuid: string; state: string }[];
  volumes: OntapVolume[];
  interfaces: OntapInterface[];
  services: OntapS3Service[];
  users: (OntapS3User & { secretKey: string })[];
  groups: OntapS3Group[];
  buckets: OntapS3Bucket[];
}

/** A cluster like FSx for ONTAP's in the reference guide: SVM fsxn-svm-demo, vol1 on /vol1 (755), one data LIF. */
export function freshCluster(svm = 'fsxn-svm-demo'): FakeCluster {
  return {
    svms: [{ name: svm, uuid: '11111111-2222-3333-4444-555555555555', state: 'running' }],
    volumes: [fakeVolume(svm, 'vol1', '/vol1')],
    interfaces: [
      {
        name: 'nfs_smb_management_1',
        svm,
        address: '172.31.32.10',
        services: ['data_core', 'data_nfs', 'data_cifs', 'data_s3_server'],
        state: 'up',
      },
    ],
    services: [],
    users: [],
    groups: [],
    buckets: [],
  };
}

/** A volume record. */
export function fakeVolume(svm: string, name: string, junctionPath: string | null, unixPermissions = '755'): OntapVolume {
  return {
    uuid: randomUUID(),
    name,
    svm,
    size: 10 * 1024 ** 3,
    used: 0,
    junctionPath,
    isClone: false,
    unixPermissions,
    uid: 0,
    gid: 0,
  };
}

let keyCounter = 0;
const newKeys = (): OntapS3Keys => {
  keyCounter += 1;
  return { accessKey: `AK${String(keyCounter).padStart(18, '0')}`, secretKey: `secret-${keyCounter}-${randomUUID()}` };
};

/**
 * An in-memory OntapApi for unit tests of the plan: it answers reads from `state` and applies
 * creates to it (refusing duplicates as ONTAP does), and counts every change it was asked to make.
 */
export class FakeOntapApi implements OntapApi {
  readonly protocol = 'rest' as const;
  readonly changes: string[] = [];

  constructor(readonly state: FakeCluster) {}

  async cluster() {
    return { name: 'FsxId0ab', version: '9.14.1' };
  }
  async svms() {
    return this.state.svms.map((s) => ({ ...s }));
  }
  async volumes(svm?: string) {
    return this.state.volumes.filter((v) => !svm || v.svm === svm).map((v) => ({ ...v }));
  }
  async createVolume(input: { svm: string; name: string; sizeBytes: number; junctionPath: string }) {
    if (this.state.volumes.some((v) => v.name === input.name && v.svm === input.svm)) throw new Error('duplicate volume');
    const volume = { ...fakeVolume(input.svm, input.name, input.junctionPath), size: input.sizeBytes };
    this.state.volumes.push(volume);
    this.changes.push(`volume ${input.name}`);
    return { ...volume };
  }
  async setUnixPermissions(svm: string, volume: string, mode: string) {
    const v = this.state.volumes.find((x) => x.svm === svm && x.name === volume);
    if (!v) throw new Error('no volume');
    v.unixPermissions = mode;
    this.changes.push(`permissions ${volume} ${mode}`);
  }
  async interfaces(svm?: string) {
    return this.state.interfaces.filter((i) => !svm || i.svm === svm).map((i) => ({ ...i }));
  }
  async s3Service(svm: string) {
    const s = this.state.services.find((x) => x.svm === svm);
    return s ? { ...s } : null;
  }
  async createS3Service(svm: string, input: { name: string; http: boolean; https: boolean }) {
    if (this.state.services.some((s) => s.svm === svm)) throw new Error('duplicate server');
    const service: OntapS3Service = {
      svm,
      name: input.name,
      enabled: true,
      http: input.http,
      https: input.https,
      port: 80,
      securePort: 443,
    };
    this.state.services.push(service);
    this.changes.push(`server ${input.name}`);
    return { ...service };
  }
  async s3Users(svm: string) {
    return this.state.users.filter((u) => u.svm === svm).map(({ svm: s, name, accessKey }) => ({ svm: s, name, accessKey }));
  }
  async createS3User(svm: string, name: string) {
    if (this.state.users.some((u) => u.svm === svm && u.name === name)) throw new Error('duplicate user');
    const keys = newKeys();
    this.state.users.push({ svm, name, accessKey: keys.accessKey, secretKey: keys.secretKey });
    this.changes.push(`user ${name}`);
    return keys;
  }
  async regenerateS3Keys(svm: string, name: string) {
    const user = this.state.users.find((u) => u.svm === svm && u.name === name);
    if (!user) throw new Error('no user');
    const keys = newKeys();
    Object.assign(user, keys);
    this.changes.push(`regenerate ${name}`);
    return keys;
  }
  async s3Groups(svm: string) {
    return this.state.groups.filter((g) => g.svm === svm).map((g) => ({ ...g }));
  }
  async createS3Group(svm: string, input: { name: string; users: string[]; policies: string[] }) {
    if (this.state.groups.some((g) => g.svm === svm && g.name === input.name)) throw new Error('duplicate group');
    const group: OntapS3Group = { svm, id: this.state.groups.length + 1, ...input };
    this.state.groups.push(group);
    this.changes.push(`group ${input.name}`);
    return { ...group };
  }
  async s3Buckets(svm?: string) {
    return this.state.buckets.filter((b) => !svm || b.svm === svm).map((b) => ({ ...b }));
  }
  async createNasBucket(svm: string, input: { name: string; nasPath: string }) {
    if (this.state.buckets.some((b) => b.svm === svm && b.name === input.name)) throw new Error('duplicate bucket');
    const bucket: OntapS3Bucket = { svm, name: input.name, type: 'nas', nasPath: input.nasPath };
    this.state.buckets.push(bucket);
    this.changes.push(`bucket ${input.name}`);
    return { ...bucket };
  }
  // Snapshots and clones are tested against the lab (test/integration/versions-*.test.ts), not faked.
  async snapshots(): Promise<never> {
    throw new Error('snapshots are not faked');
  }
  async createSnapshot(): Promise<never> {
    throw new Error('snapshots are not faked');
  }
  async deleteSnapshot(): Promise<never> {
    throw new Error('snapshots are not faked');
  }
  async restoreSnapshot(): Promise<never> {
    throw new Error('snapshots are not faked');
  }
  async clones(): Promise<never> {
    throw new Error('clones are not faked');
  }
  async createClone(): Promise<never> {
    throw new Error('clones are not faked');
  }
  async splitClone(): Promise<never> {
    throw new Error('clones are not faked');
  }
  async deleteBucket(): Promise<never> {
    throw new Error('bucket deletion is not faked');
  }
  async deleteVolume(): Promise<never> {
    throw new Error('volume deletion is not faked');
  }
  async close() {}
}
