import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../electron/lab/model/lab';
import type { LabRestClient } from '../support/lab-rest-client';
import { openRestLab, type RestLab } from '../support/lab-rest-fixture';

let fixture: RestLab;
let lab: Lab;
let api: LabRestClient;
let svmUuid: string;

/** Two volumes with NAS buckets, an object-store server, a user and a group — all made over REST. */
beforeAll(async () => {
  fixture = await openRestLab();
  ({ lab, api } = fixture);
  for (const name of ['data1', 'data2']) {
    const volume = await api.post('/api/storage/volumes?return_timeout=30', { name, 'svm.name': 'svm1', 'nas.path': `/${name}` });
    expect(volume.status).toBe(201);
  }
  const service = await api.post('/api/protocols/s3/services', { 'svm.name': 'svm1', name: 'lab_s3', is_http_enabled: true });
  expect(service.status).toBe(201);
  svmUuid = service.body.records[0].svm.uuid;
  expect(service.body.records[0].users).toEqual([expect.objectContaining({ name: 'root', secret_key: expect.any(String) })]);
  expect((await api.post(`/api/protocols/s3/services/${svmUuid}/users`, { name: 's3user' })).status).toBe(201);
  const group = { name: 's3group', users: [{ name: 's3user' }], policies: [{ name: 'FullAccess' }] };
  expect((await api.post(`/api/protocols/s3/services/${svmUuid}/groups`, group)).status).toBe(201);
  for (const name of ['data1', 'data2']) {
    const bucket = { 'svm.name': 'svm1', name: `${name}-bucket`, type: 'nas', nas_path: `/${name}` };
    expect((await api.post('/api/protocols/s3/buckets?return_timeout=30', bucket)).status).toBe(201);
  }
});

afterAll(() => fixture?.close());

describe('lab REST API: S3 configuration', () => {
  it('never shows a user’s secret key again; PATCH ?regenerate_keys=true issues new keys once', async () => {
    const users = await api.get(`/api/protocols/s3/services/${svmUuid}/users?fields=*`);
    const s3user = users.body.records.find((u: { name: string }) => u.name === 's3user');
    expect(s3user.access_key).toMatch(/^[A-Z0-9]{20}$/);
    expect(JSON.stringify(users.body)).not.toContain('secret_key');
    const old = lab.s3.user('svm1', 's3user');
    const regenerated = await api.patch(`/api/protocols/s3/services/${svmUuid}/users/s3user?regenerate_keys=true`, {});
    expect(regenerated.status).toBe(200);
    const keys = regenerated.body.records[0];
    expect(keys.name).toBe('s3user');
    expect(keys.access_key).not.toBe(old.access_key);
    expect(keys.secret_key).not.toBe(old.secret_key);
    expect(lab.s3.user('svm1', 's3user').secret_key).toBe(keys.secret_key);
  });

  it('lists policies (FullAccess built in), adds one, and changes and deletes groups by numeric id', async () => {
    const policies = await api.get(`/api/protocols/s3/services/${svmUuid}/policies`);
    expect(policies.body.records.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['FullAccess', 'ReadOnlyAccess']),
    );
    const created = await api.post(`/api/protocols/s3/services/${svmUuid}/policies?return_records=true`, {
      name: 'ReadData',
      statements: [{ effect: 'allow', actions: ['s3:GetObject'], resources: ['data1-bucket/*'] }],
    });
    expect(created.status).toBe(201);
    expect(created.body.records[0]).toMatchObject({ name: 'ReadData', statements: [{ effect: 'allow' }] });

    const groups = await api.get(`/api/protocols/s3/services/${svmUuid}/groups?name=s3group&fields=users,policies`);
    const group = groups.body.records[0];
    expect(typeof group.id).toBe('number');
    const patched = await api.patch(`/api/protocols/s3/services/${svmUuid}/groups/${group.id}`, {
      policies: [{ name: 'ReadData' }],
    });
    expect(patched.status).toBe(200);
    expect(lab.s3.group('svm1', group.id).policies).toEqual([{ name: 'ReadData' }]);
    const unknownPolicy = await api.patch(`/api/protocols/s3/services/${svmUuid}/groups/${group.id}`, {
      policies: [{ name: 'Nope' }],
    });
    expect(unknownPolicy.status).toBe(400);
  });

  it('keeps the lab-only FSx switches out of fields=* but lets a client read and set them by name', async () => {
    const href = `/api/protocols/s3/services/${svmUuid}`;
    expect((await api.get(`${href}?fields=*`)).body.lab).toBeUndefined();
    const patched = await api.patch(href, { 'lab.multipart_supported': false, 'lab.max_put_bytes': 1024, comment: 'like FSx' });
    expect(patched.status).toBe(200);
    expect((await api.get(`${href}?fields=lab,comment`)).body).toMatchObject({
      comment: 'like FSx',
      lab: { multipart_supported: false, max_put_bytes: 1024 },
    });
    expect(lab.s3.requireService('svm1').lab.multipart_supported).toBe(false);
    const unknown = await api.patch(href, { lab: { turbo: true } });
    expect(unknown.body.error).toMatchObject({ code: '262179', target: 'lab.turbo' });
  });

  it('changes and deletes buckets (jobs); refuses to drop a server with buckets unless delete_all', async () => {
    const buckets = await api.get(`/api/protocols/s3/buckets?name=data2-bucket`);
    const href = buckets.body.records[0]._links.self.href;
    const patched = await api.patch(`${href}?return_timeout=30`, { comment: 'second bucket' });
    expect(patched.status).toBe(200);
    expect((await api.get(`${href}?fields=comment`)).body.comment).toBe('second bucket');
    const typeChange = await api.patch(`${href}?return_timeout=30`, { type: 's3' });
    expect(typeChange.status).toBe(400);
    const deleted = await api.delete(href);
    expect(deleted.status).toBe(202);
    expect((await api.job(deleted.body.job._links.self.href)).body.state).toBe('success');
    expect((await api.get(href)).status).toBe(404);

    const refused = await api.delete(`/api/protocols/s3/services/${svmUuid}`, { delete_all: false });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/bucket/);
    const removed = await api.delete(`/api/protocols/s3/services/${svmUuid}`, { delete_all: true });
    expect(removed.status).toBe(200);
    expect((await api.get(`/api/protocols/s3/services/${svmUuid}`)).status).toBe(404);
    expect((await api.get('/api/protocols/s3/services')).body.num_records).toBe(0);
  });
});
