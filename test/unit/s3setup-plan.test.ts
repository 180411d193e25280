import { describe, expect, it } from 'vitest';
import { s3SetupInputSchema, s3SetupPlanSchema, type S3Profile, type S3SetupInput } from '../../shared/s3setup';
import { readClusterState } from '../../electron/core/s3setup/cluster-state';
import { buildPlan, pickDataInterface } from '../../electron/core/s3setup/plan';
import { FakeOntapApi, fakeVolume, freshCluster } from '../support/fake-ontap-api';

const SVM = 'fsxn-svm-demo';

/** The reference guide's names: server fsx_s3, user s3user, group s3group, bucket fsxn-ontap on vol1. */
function input(extra: Partial<S3SetupInput> = {}): S3SetupInput {
  return s3SetupInputSchema.parse({
    connectionId: 'conn-1',
    svm: SVM,
    volume: { existing: 'vol1' },
    bucketName: 'fsxn-ontap',
    ...extra,
  });
}

function profile(p: Partial<S3Profile> & Pick<S3Profile, 'accessKeyId'>): S3Profile {
  return {
    id: 'profile-1',
    name: 'fsxn-ontap on fsxn-svm-demo (FSx)',
    endpoint: 'http://172.31.32.10',
    region: 'us-east-1',
    bucket: 'fsxn-ontap',
    pathStyle: true,
    hasSecret: true,
    connectionId: 'conn-1',
    multipartSupported: true,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...p,
  };
}

async function plan(api: FakeOntapApi, req: S3SetupInput, profiles: S3Profile[] = []) {
  const built = buildPlan(req, await readClusterState(api, req.svm), profiles);
  s3SetupPlanSchema.parse(built.plan); // what crosses the contract
  return built;
}

const actions = (steps: { id: string; action: string }[]) => Object.fromEntries(steps.map((s) => [s.id, s.action]));

/** Applies a plan's creates through the fake API, as the run does. */
async function apply(api: FakeOntapApi, req: S3SetupInput): Promise<{ accessKey: string; secretKey: string }> {
  const { plan: p, details } = await plan(api, req);
  const step = (id: string) => p.steps.find((s) => s.id === id)!;
  if (step('server').action === 'create')
    await api.createS3Service(SVM, { name: req.serverName, http: req.http, https: req.https });
  const keys = await api.createS3User(SVM, req.userName);
  await api.createS3Group(SVM, { name: req.groupName, users: [req.userName], policies: [req.policy] });
  await api.createNasBucket(SVM, { name: req.bucketName, nasPath: details.junctionPath! });
  return keys;
}

describe('S3 setup plan', () => {
  it('on a fresh cluster creates server, user, group and bucket, and checks volume, interface and endpoint', async () => {
    const { plan: p, details } = await plan(new FakeOntapApi(freshCluster()), input());
    expect(actions(p.steps)).toEqual({
      volume: 'check',
      server: 'create',
      user: 'create',
      group: 'create',
      bucket: 'create',
      interface: 'check',
      'endpoint-test': 'check',
      profile: 'create',
    });
    expect(details.dataInterface?.address).toBe('172.31.32.10');
    expect(details.junctionPath).toBe('/vol1');
    // vol1 at 755 refuses S3 writes: the user is told before running.
    expect(p.warnings.join('\n')).toMatch(/vol1 has UNIX permissions 755/);
  });

  it('shows the recipe’s exact CLI commands and REST calls with the real names and the SVM uuid', async () => {
    const api = new FakeOntapApi(freshCluster());
    const uuid = api.state.svms[0]!.uuid;
    const { plan: p } = await plan(api, input());
    const step = (id: string) => p.steps.find((s) => s.id === id)!;
    expect(step('server').cli).toBe(
      'vserver object-store-server create -vserver fsxn-svm-demo -object-store-server fsx_s3 -is-http-enabled true -is-https-enabled false',
    );
    expect(step('server').rest).toEqual({
      method: 'POST',
      path: '/api/protocols/s3/services',
      body: { svm: { name: SVM }, name: 'fsx_s3', enabled: true, is_http_enabled: true, is_https_enabled: false },
    });
    expect(step('user').cli).toBe('vserver object-store-server user create -vserver fsxn-svm-demo -user s3user');
    expect(step('user').rest).toEqual({
      method: 'POST',
      path: `/api/protocols/s3/services/${uuid}/users`,
      body: { name: 's3user' },
    });
    expect(step('group').cli).toBe(
      'vserver object-store-server group create -vserver fsxn-svm-demo -name s3group -users s3user -policies FullAccess',
    );
    expect(step('group').rest).toEqual({
      method: 'POST',
      path: `/api/protocols/s3/services/${uuid}/groups`,
      body: { name: 's3group', users: [{ name: 's3user' }], policies: [{ name: 'FullAccess' }] },
    });
    expect(step('bucket').cli).toBe(
      'vserver object-store-server bucket create fsxn-ontap -vserver fsxn-svm-demo -type nas -nas-path /vol1',
    );
    expect(step('bucket').rest).toEqual({
      method: 'POST',
      path: '/api/protocols/s3/buckets',
      body: { svm: { name: SVM }, name: 'fsxn-ontap', type: 'nas', nas_path: '/vol1' },
    });
    expect(step('interface').cli).toBe('network interface show -vserver fsxn-svm-demo -lif nfs_smb_management_1');
    expect(step('interface').rest?.path).toBe(
      `/api/network/ip/interfaces?svm.uuid=${uuid}&name=nfs_smb_management_1&fields=name,ip.address,services,state`,
    );
  });

  it('creates a new volume with its size and junction path, and reuses it when it already exists', async () => {
    const create = input({ volume: { create: { name: 'datasets', sizeBytes: 100 * 1024 ** 3, junctionPath: '/datasets' } } });
    const api = new FakeOntapApi(freshCluster());
    const first = (await plan(api, create)).plan.steps[0]!;
    expect(first).toMatchObject({ id: 'volume', action: 'create' });
    expect(first.cli).toBe(
      'volume create -vserver fsxn-svm-demo -volume datasets -size 100GB -junction-path /datasets -security-style unix',
    );
    expect(first.rest).toEqual({
      method: 'POST',
      path: '/api/storage/volumes',
      body: { name: 'datasets', svm: { name: SVM }, size: 100 * 1024 ** 3, nas: { path: '/datasets', security_style: 'unix' } },
    });
    await api.createVolume({ svm: SVM, name: 'datasets', sizeBytes: 100 * 1024 ** 3, junctionPath: '/datasets' });
    const again = await plan(api, create);
    expect(again.plan.steps[0]).toMatchObject({ action: 'reuse' });
    expect(again.details.junctionPath).toBe('/datasets');
  });

  it('is idempotent: after the setup, a second plan reuses everything and creates nothing', async () => {
    const api = new FakeOntapApi(freshCluster());
    const keys = await apply(api, input());
    const saved = profile({ accessKeyId: keys.accessKey });
    const { plan: p, details } = await plan(api, input(), [saved]);
    expect(actions(p.steps)).toEqual({
      volume: 'check',
      server: 'reuse',
      user: 'reuse',
      group: 'reuse',
      bucket: 'reuse',
      interface: 'check',
      'endpoint-test': 'check',
      profile: 'reuse',
    });
    expect(p.steps.some((s) => s.action === 'create' || s.action === 'regenerate' || s.action === 'blocked')).toBe(false);
    expect(details.reuseProfile?.id).toBe(saved.id);
    expect(details.keySource?.id).toBe(saved.id);
  });

  it('a second bucket for the same user reuses the user with its stored key and saves a new profile', async () => {
    const api = new FakeOntapApi(freshCluster());
    const keys = await apply(api, input());
    api.state.volumes.push(fakeVolume(SVM, 'vol2', '/vol2', '777'));
    const { plan: p, details } = await plan(api, input({ volume: { existing: 'vol2' }, bucketName: 'second' }), [
      profile({ accessKeyId: keys.accessKey }),
    ]);
    expect(actions(p.steps)).toMatchObject({ user: 'reuse', group: 'reuse', bucket: 'create', profile: 'create' });
    expect(details.keySource?.id).toBe('profile-1');
    expect(p.warnings).toEqual([]); // vol2 is 777: no permission warning
  });

  it('an existing user without a known secret is blocked, with the consequence of regenerating explained', async () => {
    const api = new FakeOntapApi(freshCluster());
    await apply(api, input());
    const blocked = (await plan(api, input())).plan.steps.find((s) => s.id === 'user')!;
    expect(blocked.action).toBe('blocked');
    expect(blocked.note).toMatch(/secret key is not known/);
    expect(blocked.note).toMatch(/stops working/);
    expect(blocked.cli).toBe('vserver object-store-server user regenerate-keys -vserver fsxn-svm-demo -user s3user');

    const regen = (await plan(api, input({ regenerateKeys: true }))).plan.steps.find((s) => s.id === 'user')!;
    expect(regen.action).toBe('regenerate');
    expect(regen.note).toMatch(/stops working/);
    expect(regen.rest).toEqual({
      method: 'PATCH',
      path: `/api/protocols/s3/services/${api.state.svms[0]!.uuid}/users/s3user?regenerate_keys=true`,
      body: {},
    });
    // A profile holding an older key of that user does not count as knowing its secret.
    const stale = (await plan(api, input(), [profile({ accessKeyId: 'OLDKEY' })])).plan.steps.find((s) => s.id === 'user')!;
    expect(stale.action).toBe('blocked');
  });

  it('a regeneration updates the profile of that bucket and user instead of adding another', async () => {
    const api = new FakeOntapApi(freshCluster());
    const keys = await apply(api, input());
    const lost = profile({ accessKeyId: keys.accessKey, hasSecret: false });
    const { plan: p, details } = await plan(api, input({ regenerateKeys: true }), [lost]);
    expect(actions(p.steps)).toMatchObject({ user: 'regenerate', profile: 'reuse' });
    expect(details.reuseProfile?.id).toBe(lost.id);
  });

  it('never rewrites a group that lacks the user or the policy: it is blocked with the command to run by hand', async () => {
    const api = new FakeOntapApi(freshCluster());
    await apply(api, input());
    const group = api.state.groups[0]!;
    group.users = ['someone'];
    const step = (await plan(api, input({ userName: 'mluser' }))).plan.steps.find((s) => s.id === 'group')!;
    expect(step.action).toBe('blocked');
    expect(step.note).toMatch(/does not include user mluser/);
    expect(step.note).toMatch(/does not change an existing group/);
    expect(step.cli).toBe(
      'vserver object-store-server group modify -vserver fsxn-svm-demo -name s3group -users someone,mluser -policies FullAccess',
    );
    const policy = (await plan(api, input({ userName: 'someone', policy: 'ReadOnlyAccess' }))).plan.steps.find(
      (s) => s.id === 'group',
    )!;
    expect(policy).toMatchObject({ action: 'blocked', note: expect.stringMatching(/does not grant ReadOnlyAccess/) });
  });

  it('blocks a bucket name taken on this SVM by another path, and warns about one on another SVM', async () => {
    const api = new FakeOntapApi(freshCluster());
    api.state.services.push({ svm: SVM, name: 'fsx_s3', enabled: true, http: true, https: false, port: 80, securePort: 443 });
    api.state.buckets.push({ svm: SVM, name: 'fsxn-ontap', type: 'nas', nasPath: '/other' });
    const taken = (await plan(api, input())).plan.steps.find((s) => s.id === 'bucket')!;
    expect(taken).toMatchObject({ action: 'blocked', note: expect.stringMatching(/maps to \/other/) });

    api.state.buckets = [{ svm: 'svm2', name: 'fsxn-ontap', type: 's3', nasPath: null }];
    const elsewhere = await plan(api, input());
    expect(elsewhere.plan.steps.find((s) => s.id === 'bucket')?.action).toBe('create');
    expect(elsewhere.plan.warnings.join('\n')).toMatch(/already exists on SVM svm2/);
  });

  it('a volume without a junction path blocks the bucket and says how to mount it', async () => {
    const cluster = freshCluster();
    cluster.volumes = [fakeVolume(SVM, 'vol1', null)];
    const { plan: p } = await plan(new FakeOntapApi(cluster), input());
    expect(p.steps.find((s) => s.id === 'bucket')?.action).toBe('blocked');
    expect(p.warnings.join('\n')).toMatch(/volume mount -vserver fsxn-svm-demo -volume vol1 -junction-path \/vol1/);
  });

  it('reuses an existing server of another name (one per SVM) and says which protocols it serves', async () => {
    const api = new FakeOntapApi(freshCluster());
    api.state.services.push({ svm: SVM, name: 'corp_s3', enabled: true, http: false, https: true, port: 80, securePort: 443 });
    const { plan: p } = await plan(api, input());
    const server = p.steps.find((s) => s.id === 'server')!;
    expect(server).toMatchObject({ action: 'reuse', title: 'Use object-store server corp_s3' });
    expect(server.note).toMatch(/HTTPS/);
    expect(p.warnings.join('\n')).toMatch(/serves HTTPS only/);
  });

  it('refuses an unknown volume or SVM with NOT_FOUND', async () => {
    const api = new FakeOntapApi(freshCluster());
    await expect(plan(api, input({ volume: { existing: 'nope' } }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(plan(api, input({ svm: 'nope' }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('data interface choice', () => {
  const lif = (name: string, services: string[], state = 'up') => ({
    name,
    svm: SVM,
    address: `10.0.0.${name.length}`,
    services,
    state,
  });

  it('prefers an up interface serving S3, then any data interface; none means the step is blocked', async () => {
    expect(pickDataInterface([lif('nfs', ['data_nfs']), lif('s3lif', ['data-s3-server'])], SVM)?.name).toBe('s3lif');
    expect(pickDataInterface([lif('s3down', ['data_s3_server'], 'down'), lif('s3up', ['data_s3_server'])], SVM)?.name).toBe(
      's3up',
    );
    expect(pickDataInterface([lif('mgmt', ['management_https']), lif('nfs', ['data_nfs'])], SVM)?.name).toBe('nfs');
    const cluster = freshCluster();
    cluster.interfaces = [];
    const { plan: p } = await plan(new FakeOntapApi(cluster), input());
    expect(p.steps.find((s) => s.id === 'interface')?.action).toBe('blocked');
  });
});
