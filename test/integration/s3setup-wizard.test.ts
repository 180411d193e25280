import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3SetupLog } from '../../shared/s3setup';
import { openSetupFixture, type SetupFixture } from '../support/s3setup-fixture';

const PROTOCOLS = ['rest', 'ssh'] as const;

const wizardInput = (f: SetupFixture, protocol: 'rest' | 'ssh', extra: Record<string, unknown> = {}) => ({
  connectionId: f.connections[protocol],
  svm: 'svm1',
  volume: { existing: 'vol1' },
  bucketName: 'training-data',
  ...extra,
});

const logsOf = (f: SetupFixture, jobId: string): S3SetupLog[] =>
  f.events.flatMap((e) => (e.name === 's3setup.log' && e.payload.jobId === jobId ? [e.payload] : []));

/** Files under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => readFileSync(path).includes(text));
}

/** Counts of the lab's S3 objects, to prove a re-run creates nothing. */
function labCounts(f: SetupFixture) {
  const s3 = f.running.lab.s3;
  return {
    services: s3.services().length,
    users: s3.users('svm1').map((u) => `${u.name}:${u.access_key}`),
    groups: s3.groups('svm1').map((g) => g.name),
    buckets: s3.buckets('svm1').map((b) => b.name),
    volumes: f.running.lab.volumes.all().length,
  };
}

describe.each(PROTOCOLS)('S3 setup wizard through the backend over %s', (protocol) => {
  let f: SetupFixture;
  let firstJob: string;

  beforeAll(async () => {
    f = await openSetupFixture();
  });
  afterAll(() => f?.close());

  it('plans the recipe on a fresh lab: server, user, group and bucket to create on vol1', async () => {
    const plan = await f.call('s3setup.plan', wizardInput(f, protocol));
    expect(Object.fromEntries(plan.steps.map((s) => [s.id, s.action]))).toMatchObject({
      volume: 'check',
      server: 'create',
      user: 'create',
      group: 'create',
      bucket: 'create',
      interface: 'check',
    });
    expect(plan.steps.find((s) => s.id === 'bucket')?.cli).toBe(
      'vserver object-store-server bucket create training-data -vserver svm1 -type nas -nas-path /vol1',
    );
    expect(plan.warnings.join('\n')).toMatch(/755/);
    expect(f.running.lab.s3.services()).toEqual([]); // planning changes nothing
  });

  it('runs end to end: creates everything, stores the secret, and finds vol1 (755) refuses writes', async () => {
    ({ jobId: firstJob } = await f.call('s3setup.run', wizardInput(f, protocol)));
    const job = await f.waitForJob(firstJob);
    expect(job).toMatchObject({ kind: 's3setup.run', state: 'succeeded' });

    const lab = f.running.lab;
    const service = lab.s3.service('svm1')!;
    expect(service).toMatchObject({ name: 'fsx_s3', is_http_enabled: true });
    const user = lab.s3.user('svm1', 's3user');
    expect(lab.s3.groups('svm1')).toEqual([
      expect.objectContaining({ name: 's3group', users: [{ name: 's3user' }], policies: [{ name: 'FullAccess' }] }),
    ]);
    expect(lab.s3.bucket('svm1', 'training-data')).toMatchObject({ type: 'nas', nas_path: '/vol1' });

    const result = await f.call('s3setup.result', { jobId: firstJob });
    expect(result).toMatchObject({
      state: 'needs-attention',
      endpoint: `http://127.0.0.1:${service.port}`,
      dataInterface: { name: 'nfs_smb_management_1', address: '127.0.0.1' },
      keysStored: true,
      writable: false,
      permissionFix: {
        volume: 'vol1',
        from: '755',
        to: '777',
        cli: 'volume modify -vserver svm1 -volume vol1 -unix-permissions 0777',
      },
    });
    expect(result.permissionFix?.rest).toEqual({
      method: 'PATCH',
      path: `/api/storage/volumes/${lab.volumes.find('svm1', 'vol1').uuid}`,
      body: { nas: { unix_permissions: 777 } },
    });
    const logs = logsOf(f, firstJob);
    expect(logs.map((l) => l.message)).toContain(
      `Connected over ${protocol === 'rest' ? 'the REST API (HTTPS)' : 'the ONTAP CLI (SSH)'}.`,
    );
    expect(logs.find((l) => l.stepId === 'endpoint-test' && l.troubleshoot === 'access-denied')).toBeDefined();
    for (const id of ['server', 'user', 'group', 'bucket'] as const)
      expect(logs.some((l) => l.stepId === id && l.status === 'ok')).toBe(true);

    // The profile: saved without the secret; the secret in the store; reveal is the way out.
    const { profiles } = await f.call('s3profiles.list', {});
    expect(profiles).toEqual([
      expect.objectContaining({ id: result.profileId, bucket: 'training-data', accessKeyId: user.access_key, hasSecret: true }),
    ]);
    expect(await f.backend.secrets.get(`s3profile:${result.profileId}:secret`)).toBe(user.secret_key);
    expect(readFileSync(join(f.dataDir, 's3-profiles.json'), 'utf8')).not.toContain(user.secret_key);
    expect(filesContaining(f.dataDir, user.secret_key)).toEqual([]); // the secrets file is encrypted
    expect(JSON.stringify(f.events)).not.toContain(user.secret_key);
    expect(JSON.stringify(await f.call('s3setup.result', { jobId: firstJob }))).not.toContain(user.secret_key);
    expect(await f.call('s3profiles.reveal', { id: result.profileId })).toEqual({ secretAccessKey: user.secret_key });
  });

  it('applies the permission fix it offered, then writing works', async () => {
    const { jobId } = await f.call('s3setup.fixPermissions', { jobId: firstJob });
    expect(await f.waitForJob(jobId)).toMatchObject({ kind: 's3setup.fixPermissions', state: 'succeeded' });
    expect(f.running.lab.volumes.find('svm1', 'vol1').nas.unix_permissions).toBe(0o777);
    const result = await f.call('s3setup.result', { jobId: firstJob });
    expect(result).toMatchObject({ state: 'done', writable: true, multipartSupported: true, permissionFix: null });
    expect(await f.call('s3setup.result', { jobId })).toEqual(result);
    const logs = logsOf(f, jobId);
    expect(logs.map((l) => l.message).join('\n')).toMatch(/Wrote a probe object[\s\S]*Read it back[\s\S]*Deleted the probe/);
    // Nothing of the probe is left in the volume.
    const probeDir = join(f.running.lab.volumes.root(f.running.lab.volumes.find('svm1', 'vol1').uuid), '.workbench-probe');
    expect(existsSync(probeDir) ? readdirSync(probeDir) : []).toEqual([]);
    await expect(f.call('s3setup.fixPermissions', { jobId: firstJob })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('re-running is a no-op: everything reused, nothing created twice, keys unchanged', async () => {
    const before = labCounts(f);
    const plan = await f.call('s3setup.plan', wizardInput(f, protocol));
    expect(plan.steps.filter((s) => !['reuse', 'check'].includes(s.action))).toEqual([]);
    const { jobId } = await f.call('s3setup.run', wizardInput(f, protocol));
    expect(await f.waitForJob(jobId)).toMatchObject({ state: 'succeeded' });
    expect(labCounts(f)).toEqual(before);
    const result = await f.call('s3setup.result', { jobId });
    expect(result).toMatchObject({ state: 'done', writable: true, keysStored: true });
    expect((await f.call('s3profiles.list', {})).profiles).toHaveLength(1);
    const logs = logsOf(f, jobId);
    for (const id of ['server', 'user', 'group', 'bucket', 'profile'] as const)
      expect(logs.filter((l) => l.stepId === id).map((l) => l.status)).toEqual(['reused']);
  });

  it('detects that multipart uploads are unsupported (as on some FSx releases)', async () => {
    f.running.lab.s3.patchService('svm1', { lab: { multipart_supported: false } });
    const { jobId } = await f.call('s3setup.run', wizardInput(f, protocol));
    await f.waitForJob(jobId);
    expect(await f.call('s3setup.result', { jobId })).toMatchObject({ state: 'done', writable: true, multipartSupported: false });
    expect(logsOf(f, jobId).find((l) => l.troubleshoot === 'multipart')).toMatchObject({ status: 'warning' });
    const { profiles } = await f.call('s3profiles.list', {});
    expect(profiles[0]?.multipartSupported).toBe(false);
    f.running.lab.s3.patchService('svm1', { lab: { multipart_supported: true } });
  });

  it('an existing user whose secret is not stored blocks the run until regenerating is allowed', async () => {
    const { profiles } = await f.call('s3profiles.list', {});
    await f.call('s3profiles.delete', { id: profiles[0]!.id });
    const oldKey = f.running.lab.s3.user('svm1', 's3user').access_key;
    const before = labCounts(f);

    const { jobId } = await f.call('s3setup.run', wizardInput(f, protocol));
    expect(await f.waitForJob(jobId)).toMatchObject({ state: 'failed', error: { code: 'INVALID_INPUT' } });
    expect(logsOf(f, jobId).find((l) => l.stepId === 'user')).toMatchObject({ status: 'failed', troubleshoot: 'keys-unknown' });
    expect(labCounts(f)).toEqual(before);

    const again = await f.call('s3setup.run', wizardInput(f, protocol, { regenerateKeys: true }));
    await f.waitForJob(again.jobId);
    const result = await f.call('s3setup.result', { jobId: again.jobId });
    expect(result).toMatchObject({ state: 'done', keysStored: true, writable: true });
    const user = f.running.lab.s3.user('svm1', 's3user');
    expect(user.access_key).not.toBe(oldKey);
    expect(await f.call('s3profiles.reveal', { id: result.profileId! })).toEqual({ secretAccessKey: user.secret_key });
    expect(JSON.stringify(f.events)).not.toContain(user.secret_key);
  });
});

describe('S3 setup wizard: cancelling', () => {
  const protocol = 'rest';
  let f: SetupFixture;
  beforeAll(async () => {
    f = await openSetupFixture();
  });
  afterAll(() => f?.close());

  it('stops between steps when cancelled; what was done stays, and a second run finishes from there', async () => {
    // Cancel the moment the server step starts, from the event itself (no timing involved).
    let jobId = '';
    const stop = f.onEvent((e) => {
      if (e.name === 's3setup.log' && e.payload.jobId === jobId && e.payload.stepId === 'server') f.backend.jobs.cancel(jobId);
    });
    ({ jobId } = await f.call('s3setup.run', wizardInput(f, protocol)));
    expect(await f.waitForJob(jobId)).toMatchObject({ state: 'cancelled' });
    stop();
    expect(await f.call('s3setup.result', { jobId })).toMatchObject({ state: 'failed' });
    expect(logsOf(f, jobId).at(-1)).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Cancelled/) });
    expect(f.running.lab.s3.users('svm1').some((u) => u.name === 's3user')).toBe(false);

    const again = await f.call('s3setup.run', wizardInput(f, protocol));
    expect(await f.waitForJob(again.jobId)).toMatchObject({ state: 'succeeded' });
    expect(await f.call('s3setup.result', { jobId: again.jobId })).toMatchObject({ state: 'needs-attention', keysStored: true });
  });
});
