import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../electron/core/errors';
import { CliOntapApi } from '../../electron/core/ontap/cli-api';
import type { OntapApi } from '../../electron/core/ontap/ontap-api';
import { RestOntapApi } from '../../electron/core/ontap/rest-api';
import { RestClient } from '../../electron/core/ontap/rest-client';
import { hostKeyFingerprint, SshSession } from '../../electron/core/ontap/ssh-session';
import { certificateIdentity } from '../../electron/core/ontap/tls-trust';
import { startTestLab, type TestLab } from '../support/ontap-lab';

// Both OntapApi implementations against the lab's real REST (HTTPS) and CLI (SSH) servers; what
// they did is checked in the lab's model, the cluster's own state.

function restApi(lab: TestLab, options: { pageSize?: number } = {}): RestOntapApi {
  const c = lab.connection;
  return new RestOntapApi(
    new RestClient({
      host: c.host,
      port: c.restPort,
      username: c.username,
      password: c.password,
      pinnedSha256: certificateIdentity(c.certificatePem).sha256,
      ...options,
    }),
  );
}

async function sshApi(lab: TestLab): Promise<CliOntapApi> {
  const c = lab.connection;
  const session = await SshSession.open({
    host: c.host,
    port: c.sshPort,
    username: c.username,
    password: c.password,
    pinnedSha256: hostKeyFingerprint(c.hostKey),
  });
  return new CliOntapApi(session);
}

const open = (protocol: 'rest' | 'ssh', lab: TestLab): Promise<OntapApi> =>
  protocol === 'rest' ? Promise.resolve(restApi(lab)) : sshApi(lab);

async function rejection(promise: Promise<unknown>): Promise<WorkbenchError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbenchError);
  return err as WorkbenchError;
}

describe('REST and SSH read the same cluster', () => {
  let lab: TestLab;
  let rest: OntapApi;
  let ssh: OntapApi;
  beforeAll(async () => {
    lab = await startTestLab();
    // A FlexClone and a long-named volume: the CLI's wrapped cells must read back the same.
    const vol1 = lab.running.lab.volumes.find('svm1', 'vol1');
    await lab.running.lab.volumes.createSnapshot(vol1.uuid, { name: 'base' });
    await lab.running.lab.volumes.clone({
      name: 'experiment_clone_of_vol1',
      svm: 'svm1',
      parentVolume: 'vol1',
      parentSnapshot: 'base',
      junctionPath: '/experiment_clone_of_vol1',
    });
    [rest, ssh] = [restApi(lab), await sshApi(lab)];
  });
  afterAll(async () => {
    await rest?.close();
    await ssh?.close();
    await lab?.close();
  });

  it('the cluster, SVMs, volumes and data interfaces', async () => {
    expect(await ssh.cluster()).toEqual(await rest.cluster());
    expect(await rest.cluster()).toEqual({ name: 'lab-cluster', version: expect.stringMatching(/^NetApp Release 9\.14\.1/) });
    expect(await ssh.svms()).toEqual(await rest.svms());
    const byName = (vols: Awaited<ReturnType<OntapApi['volumes']>>) => [...vols].sort((a, b) => a.name.localeCompare(b.name));
    const withoutUsed = (vols: Awaited<ReturnType<OntapApi['volumes']>>) => byName(vols).map(({ used: _used, ...v }) => v);
    const restVolumes = await rest.volumes();
    expect(restVolumes.map((v) => [v.name, v.isClone, v.junctionPath])).toEqual([
      ['vol1', false, '/vol1'],
      ['experiment_clone_of_vol1', true, '/experiment_clone_of_vol1'],
    ]);
    const sshVolumes = await ssh.volumes();
    expect(withoutUsed(sshVolumes)).toEqual(withoutUsed(restVolumes));
    // The CLI prints sizes rounded to four digits (218.5KB): equal to within 0.1 %.
    byName(sshVolumes).forEach((v, i) => {
      const exact = byName(restVolumes)[i]?.used ?? 0;
      expect(Math.abs(v.used - exact)).toBeLessThanOrEqual(exact / 1000);
    });
    expect(await ssh.volumes('svm1')).toHaveLength(2);
    expect(await ssh.interfaces()).toEqual(await rest.interfaces());
    expect((await rest.interfaces())[0]).toEqual({
      name: 'nfs_smb_management_1',
      svm: 'svm1',
      address: '127.0.0.1',
      services: expect.arrayContaining(['data_s3_server', 'data_nfs']),
      state: 'up',
    });
  });

  it('REST reports a long change’s ONTAP job while it runs, then returns when it succeeds', async () => {
    const c = lab.connection;
    const client = new RestClient({
      host: c.host,
      port: c.restPort,
      username: c.username,
      password: c.password,
      pinnedSha256: certificateIdentity(c.certificatePem).sha256,
    });
    // A cluster job held open until the client has reported a poll of it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const job = lab.running.lab.jobs.start('Snapshot copy create', () => held);
    const seen: string[] = [];
    try {
      const done = await client.waitForJob(job.uuid, undefined, (line) => {
        seen.push(line);
        release();
      });
      expect(done.state).toBe('success');
      expect(seen[0]).toMatch(new RegExp(`^ONTAP job ${job.uuid}: (running|queued)`));
    } finally {
      release();
      client.close();
    }
  });

  it('REST follows the pages of a collection', async () => {
    const paged = restApi(lab, { pageSize: 1 });
    try {
      expect((await paged.volumes()).map((v) => v.name).sort()).toEqual(['experiment_clone_of_vol1', 'vol1']);
    } finally {
      await paged.close();
    }
  });
});

describe.each(['rest', 'ssh'] as const)('the %s API configures S3 on the lab', (protocol) => {
  let lab: TestLab;
  let api: OntapApi;
  beforeAll(async () => {
    lab = await startTestLab();
    api = await open(protocol, lab);
  });
  afterAll(async () => {
    await api?.close();
    await lab?.close();
  });

  it('creates a volume and opens its permissions', async () => {
    const volume = await api.createVolume({
      svm: 'svm1',
      name: 'training_data',
      sizeBytes: 1024 ** 3,
      junctionPath: '/training_data',
    });
    expect(volume).toMatchObject({
      name: 'training_data',
      svm: 'svm1',
      junctionPath: '/training_data',
      isClone: false,
      size: 1024 ** 3,
    });
    const model = lab.running.lab.volumes.find('svm1', 'training_data');
    expect(model.uuid).toBe(volume.uuid);
    expect(model.aggregates[0]?.name).toBe('aggr1');
    await api.setUnixPermissions('svm1', 'training_data', '0777');
    expect(lab.running.lab.volumes.find('svm1', 'training_data').nas.unix_permissions).toBe(0o777);
    expect((await api.volumes('svm1')).find((v) => v.name === 'training_data')?.unixPermissions).toBe('777');
  });

  it('creates the S3 server, which reports the port the lab really listens on', async () => {
    expect(await api.s3Service('svm1')).toBeNull();
    const service = await api.createS3Service('svm1', { name: 'fsx_s3', http: true, https: false });
    expect(service).toEqual({
      svm: 'svm1',
      name: 'fsx_s3',
      enabled: true,
      http: true,
      https: false,
      port: lab.running.lab.config.ports.s3.svm1?.http,
      securePort: lab.running.lab.config.ports.s3.svm1?.https,
    });
  });

  it('creates a user with its keys, regenerates them, and refuses a duplicate with ONTAP’s words', async () => {
    const keys = await api.createS3User('svm1', 's3user');
    const user = lab.running.lab.s3.user('svm1', 's3user');
    expect(keys).toEqual({ accessKey: user.access_key, secretKey: user.secret_key });
    expect(await api.s3Users('svm1')).toContainEqual({ svm: 'svm1', name: 's3user', accessKey: user.access_key });
    const duplicate = await rejection(api.createS3User('svm1', 's3user'));
    expect(duplicate.code).toBe('ONTAP_ERROR');
    expect(duplicate.message).toMatch(/already exists/);
    const fresh = await api.regenerateS3Keys('svm1', 's3user');
    expect(fresh.secretKey).not.toBe(keys.secretKey);
    expect(fresh.secretKey).toBe(lab.running.lab.s3.user('svm1', 's3user').secret_key);
  });

  it('creates a group and a NAS bucket on the volume', async () => {
    const group = await api.createS3Group('svm1', { name: 's3group', users: ['s3user'], policies: ['FullAccess'] });
    expect(group).toMatchObject({ svm: 'svm1', name: 's3group', users: ['s3user'], policies: ['FullAccess'] });
    expect(lab.running.lab.s3.groups('svm1').map((g) => g.name)).toEqual(['s3group']);
    expect(await api.s3Groups('svm1')).toEqual([group]);
    const bucket = await api.createNasBucket('svm1', { name: 'training-data', nasPath: '/training_data' });
    expect(bucket).toEqual({ svm: 'svm1', name: 'training-data', type: 'nas', nasPath: '/training_data' });
    expect(lab.running.lab.s3.bucket('svm1', 'training-data').volume.name).toBe('training_data');
    expect(await api.s3Buckets()).toEqual([bucket]);
  });

  it('says what is missing, and stops when cancelled', async () => {
    const missing = await rejection(api.setUnixPermissions('svm1', 'no_such_volume', '0777'));
    expect(['NOT_FOUND', 'ONTAP_ERROR']).toContain(missing.code);
    const aborted = new AbortController();
    aborted.abort();
    expect((await rejection(api.volumes('svm1', { signal: aborted.signal }))).code).toBe('CANCELLED');
  });
});

describe('a cluster in another time zone', () => {
  let lab: TestLab;
  beforeAll(async () => {
    // The CLI prints the cluster's wall clock; this machine runs in another zone (CI: UTC).
    const far = new Date().getTimezoneOffset() === -330 ? 'America/New_York' : 'Asia/Kolkata';
    lab = await startTestLab({ timeZone: far });
  });
  let ssh: CliOntapApi;
  afterAll(async () => {
    await ssh?.close();
    await lab?.close();
  });

  it('gives a snapshot the same creation time over SSH as over REST', async () => {
    const before = Date.now();
    const rest = restApi(lab);
    ssh = await sshApi(lab);
    await rest.createSnapshot('svm1', 'vol1', { name: 'far_away' });
    const overRest = (await rest.snapshots('svm1', 'vol1')).find((s) => s.name === 'far_away');
    const overSsh = (await ssh.snapshots('svm1', 'vol1')).find((s) => s.name === 'far_away');
    expect(overRest && overSsh).toBeTruthy();
    // The CLI prints whole seconds.
    expect(Math.floor(Date.parse(overSsh!.createTime) / 1000)).toBe(Math.floor(Date.parse(overRest!.createTime) / 1000));
    expect(Math.abs(Date.parse(overSsh!.createTime) - before)).toBeLessThan(60_000);
    expect(await ssh.clusterTimeZone()).toBe(lab.running.lab.timeZone);
  });
});
