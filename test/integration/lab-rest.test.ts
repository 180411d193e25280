import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lab } from '../../electron/lab/model/lab';
import type { S3Error } from '../../electron/lab/model/s3-errors';
import type { LabRestClient } from '../support/lab-rest-client';
import { openRestLab, type RestLab } from '../support/lab-rest-fixture';

let fixture: RestLab;
let lab: Lab;
let api: LabRestClient;

beforeAll(async () => {
  fixture = await openRestLab();
  ({ lab, api } = fixture);
});

afterAll(() => fixture?.close());

/** A file of a volume's active file system, or of one of its snapshots under `.snapshot/<name>/`. */
function readVolumeFile(volumeUuid: string, path: string): string | null {
  const file = join(lab.volumes.root(volumeUuid), path);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** Writes an object the way the lab's S3 server does: policy and UNIX permissions first, then the atomic put. */
async function s3Put(bucketName: string, key: string, text: string): Promise<void> {
  const user = lab.s3.user('svm1', 's3user');
  const bucket = lab.s3.bucket('svm1', bucketName);
  lab.objects.authorize(user, 's3:PutObject', bucket, key);
  await lab.objects.put(bucket, key, Buffer.from(text), { user });
}

async function volumeByName(name: string) {
  const answer = await api.get(`/api/storage/volumes?name=${name}&fields=*`);
  expect(answer.body.num_records).toBe(1);
  return answer.body.records[0];
}

describe('lab REST API: authentication and transport', () => {
  it('refuses requests without credentials or with a wrong password: 401, a Basic challenge and ONTAP’s error body', async () => {
    for (const auth of [null, { user: lab.config.adminUser, password: 'wrong-password1' }, { user: 'admin', password: 'x' }]) {
      const answer = await api.get('/api/storage/volumes', { auth });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Basic realm="lab"');
      expect(answer.body.error.code).toMatch(/^\d+$/);
      expect(answer.body.error.message).toBeTruthy();
    }
  });

  it('answers the cluster, SVMs and data interfaces the reference page lists', async () => {
    const cluster = await api.get('/api/cluster');
    expect(cluster.status).toBe(200);
    expect(cluster.headers['content-type']).toMatch(/^application\/hal\+json/);
    expect(cluster.body).toMatchObject({ name: lab.config.name, uuid: lab.config.uuid, version: { generation: 9 } });
    expect(cluster.body.management_interfaces[0].ip.address).toBe('127.0.0.1');

    const svms = await api.get('/api/svm/svms?fields=state,subtype');
    expect(svms.body.records).toEqual([expect.objectContaining({ name: 'svm1', state: 'running', subtype: 'default' })]);

    const lifs = await api.get('/api/network/ip/interfaces?services=data_s3_server&fields=ip,svm');
    expect(lifs.body.num_records).toBe(1);
    expect(lifs.body.records[0]).toMatchObject({
      name: 'nfs_smb_management_1',
      ip: { address: '127.0.0.1' },
      svm: { name: 'svm1' },
    });
  });

  it('answers unknown paths with 404 "API not found", wrong methods with 405, bad JSON with 400', async () => {
    const missing = await api.get('/api/storage/luns');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ message: 'API not found', code: '3' });

    const put = await api.call('PUT', '/api/storage/volumes', {});
    expect(put.status).toBe(405);
    expect(put.headers.allow).toContain('POST');

    const options = await api.call('OPTIONS', '/api/storage/volumes/x');
    expect(options.headers.allow).toBe('GET, PATCH, DELETE, HEAD, OPTIONS');
    const head = await api.call('HEAD', '/api/cluster');
    expect(head.status).toBe(200);
    expect(head.body).toBeUndefined();

    const bad = await api.post('/api/storage/volumes', undefined, { rawBody: '{"name": "v", ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/JSON/);
  });
});

describe('lab REST API: volumes, snapshots, clones and restore', () => {
  let data1: { uuid: string };
  let clone1: { uuid: string };
  let snapHref: string;

  it('creates a volume: 201 within return_timeout, the record with return_records, visible with fields', async () => {
    const created = await api.post('/api/storage/volumes?return_timeout=30&return_records=true', {
      name: 'data1',
      'svm.name': 'svm1',
      size: 200 * 1024 * 1024,
      aggregates: [{ name: 'aggr1' }],
      nas: { path: '/data1', security_style: 'unix' },
      comment: 'made over REST',
    });
    expect(created.status).toBe(201);
    expect(created.body.job._links.self.href).toBe(`/api/cluster/jobs/${created.body.job.uuid}`);
    expect(created.body.records[0]).toMatchObject({ name: 'data1', nas: { path: '/data1', unix_permissions: 755 } });
    data1 = await volumeByName('data1');
    expect(data1.uuid).toBe(created.body.records[0].uuid);
    expect(data1).toMatchObject({ comment: 'made over REST', space: { size: 200 * 1024 * 1024 }, svm: { name: 'svm1' } });
    const job = await api.get(created.body.job._links.self.href);
    expect(job.body).toMatchObject({ state: 'success', code: 0, description: 'POST /api/storage/volumes' });
    expect(job.body.end_time).toBeTruthy();
  });

  it('writes through a NAS bucket once PATCH nas.unix_permissions opens the volume (ONTAP’s AccessDenied fix)', async () => {
    const service = await api.post('/api/protocols/s3/services', {
      svm: { name: 'svm1' },
      name: 'lab_s3',
      is_http_enabled: true,
    });
    expect(service.status).toBe(201);
    const svmUuid = service.body.records[0].svm.uuid;
    const user = await api.post(`/api/protocols/s3/services/${svmUuid}/users`, { name: 's3user' });
    expect(user.status).toBe(201);
    expect(user.body).toMatchObject({ num_records: 1, records: [{ name: 's3user' }] });
    expect(user.body.records[0].secret_key).toMatch(/^\S{40}$/);
    const group = await api.post(`/api/protocols/s3/services/${svmUuid}/groups`, {
      name: 's3group',
      users: [{ name: 's3user' }],
      policies: [{ name: 'FullAccess' }],
    });
    expect(group.status).toBe(201);
    const bucket = await api.post('/api/protocols/s3/buckets?return_timeout=30', {
      'svm.name': 'svm1',
      name: 'data1-bucket',
      type: 'nas',
      nas_path: '/data1',
    });
    expect(bucket.status).toBe(201);

    await expect(s3Put('data1-bucket', 'a.txt', 'v1')).rejects.toMatchObject({ code: 'AccessDenied' } satisfies Partial<S3Error>);
    expect(readVolumeFile(data1.uuid, 'a.txt')).toBeNull();

    const opened = await api.patch(`/api/storage/volumes/${data1.uuid}?return_timeout=30`, { 'nas.unix_permissions': '0777' });
    expect(opened.status).toBe(200);
    expect((await volumeByName('data1')).nas.unix_permissions).toBe(777);
    await s3Put('data1-bucket', 'a.txt', 'v1');
    await s3Put('data1-bucket', 'dir/b.txt', 'kept');
    await s3Put('data1-bucket', 'c.txt', 'to be deleted');
    expect(readVolumeFile(data1.uuid, 'a.txt')).toBe('v1');
  });

  it('takes a snapshot as a job (202, then polled to success) that never changes afterwards', async () => {
    const taken = await api.post(`/api/storage/volumes/${data1.uuid}/snapshots`, { name: 'snap1', comment: 'before' });
    expect(taken.status).toBe(202);
    const job = await api.job(taken.body.job._links.self.href);
    expect(job.body.state).toBe('success');
    const list = await api.get(`/api/storage/volumes/${data1.uuid}/snapshots?name=snap1&fields=comment,volume`);
    expect(list.body.records[0]).toMatchObject({ name: 'snap1', comment: 'before', volume: { name: 'data1' } });
    snapHref = list.body.records[0]._links.self.href;

    await s3Put('data1-bucket', 'a.txt', 'v2, overwritten');
    await lab.objects.delete(lab.s3.bucket('svm1', 'data1-bucket'), 'c.txt');
    await s3Put('data1-bucket', 'd.txt', 'new');

    expect(readVolumeFile(data1.uuid, 'a.txt')).toBe('v2, overwritten');
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/a.txt')).toBe('v1');
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/dir/b.txt')).toBe('kept');
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/c.txt')).toBe('to be deleted');
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/d.txt')).toBeNull();
    expect((await api.get(snapHref)).body).toMatchObject({ name: 'snap1', comment: 'before' });
  });

  it('clones the snapshot: the clone starts as the snapshot, and writes to it leave the parent alone', async () => {
    const created = await api.post('/api/storage/volumes?return_timeout=30', {
      name: 'clone1',
      'svm.name': 'svm1',
      'clone.is_flexclone': true,
      'clone.parent_volume.name': 'data1',
      clone: { parent_snapshot: { name: 'snap1' } },
      'nas.path': '/clone1',
    });
    expect(created.status).toBe(201);
    const clones = await api.get('/api/storage/volumes?clone.is_flexclone=true&fields=clone');
    expect(clones.body.records).toEqual([
      expect.objectContaining({
        name: 'clone1',
        clone: expect.objectContaining({
          parent_volume: expect.objectContaining({ name: 'data1' }),
          parent_snapshot: expect.objectContaining({ name: 'snap1' }),
        }),
      }),
    ]);
    clone1 = clones.body.records[0];
    expect(readVolumeFile(clone1.uuid, 'a.txt')).toBe('v1');

    const svmUuid = lab.svms()[0]?.uuid;
    const bucket = await api.post(`/api/protocols/s3/services/${svmUuid}/buckets?return_timeout=30`, {
      name: 'clone1-bucket',
      type: 'nas',
      nas_path: '/clone1',
    });
    expect(bucket.status).toBe(201);
    await s3Put('clone1-bucket', 'a.txt', 'written in the clone');
    await lab.objects.delete(lab.s3.bucket('svm1', 'clone1-bucket'), 'dir/b.txt');

    expect(readVolumeFile(clone1.uuid, 'a.txt')).toBe('written in the clone');
    expect(readVolumeFile(data1.uuid, 'a.txt')).toBe('v2, overwritten');
    expect(readVolumeFile(data1.uuid, 'dir/b.txt')).toBe('kept');
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/a.txt')).toBe('v1');
  });

  it('refuses to delete a snapshot a clone depends on, with ONTAP’s error', async () => {
    const refused = await api.delete(snapHref);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/clone1/);
  });

  it('restores the volume to the snapshot: its files become the snapshot’s again', async () => {
    const restored = await api.patch(`/api/storage/volumes/${data1.uuid}?return_timeout=30`, {
      restore_to: { snapshot: { name: 'snap1' } },
    });
    expect(restored.status).toBe(200);
    expect(readVolumeFile(data1.uuid, 'a.txt')).toBe('v1');
    expect(readVolumeFile(data1.uuid, 'c.txt')).toBe('to be deleted');
    expect(readVolumeFile(data1.uuid, 'd.txt')).toBeNull();
    expect(readVolumeFile(clone1.uuid, 'a.txt')).toBe('written in the clone');
  });

  it('splits the clone, after which the snapshot can go (DELETE as a polled job)', async () => {
    const split = await api.patch(`/api/storage/volumes/${clone1.uuid}?return_timeout=30`, { 'clone.split_initiated': true });
    expect(split.status).toBe(200);
    expect((await volumeByName('clone1')).clone.is_flexclone).toBe(false);
    const deleted = await api.delete(snapHref);
    expect(deleted.status).toBe(202);
    expect((await api.job(deleted.body.job._links.self.href)).body.state).toBe('success');
    expect((await api.get(snapHref)).status).toBe(404);
    expect(readVolumeFile(data1.uuid, '.snapshot/snap1/a.txt')).toBeNull();
  });

  it('changes size, comment and name with PATCH, and answers 202 with a job without return_timeout', async () => {
    const patched = await api.patch(`/api/storage/volumes/${clone1.uuid}`, {
      size: 300 * 1024 * 1024,
      comment: 'resized',
      name: 'clone1_big',
    });
    expect(patched.status).toBe(202);
    expect((await api.job(patched.body.job._links.self.href)).body.state).toBe('success');
    const v = (await api.get(`/api/storage/volumes/${clone1.uuid}?fields=space.size,comment`)).body;
    expect(v).toMatchObject({ name: 'clone1_big', comment: 'resized', space: { size: 300 * 1024 * 1024 } });
    expect(v.nas).toBeUndefined();
  });
});

describe('lab REST API: collections', () => {
  beforeAll(async () => {
    for (const i of [0, 1, 2, 3, 4]) {
      const answer = await api.post('/api/storage/volumes?return_timeout=30', {
        name: `pg_${i}`,
        svm: { name: 'svm1' },
        size: 20 * 1024 * 1024,
      });
      expect(answer.status).toBe(201);
    }
  });

  it('pages with max_records and _links.next until every record was seen once', async () => {
    const seen: string[] = [];
    let href: string | undefined = '/api/storage/volumes?name=pg_*&max_records=2&fields=name';
    let pages = 0;
    while (href && pages < 10) {
      const page = await api.get(href);
      expect(page.status).toBe(200);
      expect(page.body.num_records).toBe(page.body.records.length);
      expect(page.body.records.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.records.map((r: { name: string }) => r.name));
      href = page.body._links.next?.href;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(['pg_0', 'pg_1', 'pg_2', 'pg_3', 'pg_4']);
  });

  it('filters with wildcards, alternatives, negation and nested fields', async () => {
    const names = async (query: string) =>
      (await api.get(`/api/storage/volumes?${query}`)).body.records.map((r: { name: string }) => r.name).sort();
    expect(await names('name=pg_1|pg_3')).toEqual(['pg_1', 'pg_3']);
    expect(await names('name=pg_*&name=!pg_0')).toEqual(['pg_1', 'pg_2', 'pg_3', 'pg_4']);
    expect(await names('svm.name=svm1&name=*1')).toEqual(['data1', 'pg_1', 'vol1']);
    expect(await names('nas.path=/data*')).toEqual(['data1']);
    expect(await names('name=nothing*')).toEqual([]);
    const counted = await api.get('/api/storage/volumes?name=pg_*&return_records=false');
    expect(counted.body).toMatchObject({ num_records: 5 });
    expect(counted.body.records).toBeUndefined();
  });

  it('scopes collections to the SVM an X-Dot-SVM-Name header names', async () => {
    const scoped = await api.get('/api/storage/volumes?name=pg_*', { headers: { 'X-Dot-SVM-Name': 'svm1' } });
    expect(scoped.body.num_records).toBe(5);
    const other = await api.get('/api/storage/volumes?name=pg_*', { headers: { 'X-Dot-SVM-Name': 'svm2' } });
    expect(other.body.num_records).toBe(0);
  });

  it('returns key fields by default, the asked-for ones with fields=, and every one with fields=*', async () => {
    const plain = (await api.get('/api/storage/volumes?name=pg_0')).body.records[0];
    expect(Object.keys(plain).sort()).toEqual(['_links', 'name', 'uuid']);
    const some = (await api.get('/api/storage/volumes?name=pg_0&fields=svm.name,nas.security_style,no_such_field')).body
      .records[0];
    expect(some).toEqual({
      uuid: plain.uuid,
      name: 'pg_0',
      svm: { name: 'svm1' },
      nas: { security_style: 'unix' },
      _links: plain._links,
    });
    const all = (await api.get('/api/storage/volumes?name=pg_0&fields=*')).body.records[0];
    expect(all).toMatchObject({ state: 'online', space: { size: 20 * 1024 * 1024 }, aggregates: [{ name: 'aggr1' }] });
    const single = (await api.get(`/api/storage/volumes/${plain.uuid}?fields=state`)).body;
    expect(single).toEqual({ uuid: plain.uuid, name: 'pg_0', state: 'online', _links: plain._links });
  });
});

describe('lab REST API: errors for bad input', () => {
  it('names an unknown field: 400, "Unexpected argument", code 262179, target the field', async () => {
    const answer = await api.post('/api/storage/volumes', { name: 'x1', 'svm.name': 'svm1', colour: 'red' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ message: 'Unexpected argument "colour".', code: '262179', target: 'colour' });
    const nested = await api.patch(`/api/storage/volumes/${(await volumeByName('pg_0')).uuid}`, { nas: { mode: 1 } });
    expect(nested.body.error).toMatchObject({ code: '262179', target: 'nas.mode' });
    expect((await api.get('/api/storage/volumes?name=x1')).body.num_records).toBe(0);
  });

  it('refuses bad names, bad permissions, sizes and duplicates with the field as target', async () => {
    const badName = await api.post('/api/storage/volumes', { name: 'bad-name!', 'svm.name': 'svm1' });
    expect(badName.status).toBe(400);
    expect(badName.body.error.target).toBe('name');
    const badSnap = await api.post(`/api/storage/volumes/${(await volumeByName('pg_0')).uuid}/snapshots`, { name: 'has space' });
    expect(badSnap.status).toBe(400);
    const perms = await api.patch(`/api/storage/volumes/${(await volumeByName('pg_0')).uuid}`, {
      'nas.unix_permissions': '0789',
    });
    expect(perms.status).toBe(400);
    expect(perms.body.error.target).toBe('nas.unix_permissions');
    const size = await api.post('/api/storage/volumes', { name: 'tiny', 'svm.name': 'svm1', size: 'big' });
    expect(size.body.error).toMatchObject({ target: 'size' });
    const dup = await api.post('/api/storage/volumes', { name: 'pg_0', 'svm.name': 'svm1' });
    expect(dup.status).toBe(409);
    const noSvm = await api.post('/api/storage/volumes', { name: 'nosvm', 'svm.name': 'svm9' });
    expect(noSvm.status).toBe(404);
    expect(noSvm.body.error.code).toBe('4');
    const badBucket = await api.post('/api/protocols/s3/buckets', { 'svm.name': 'svm1', name: 'Bad_Bucket' });
    expect(badBucket.status).toBeGreaterThanOrEqual(400);
  });

  it('answers code "4" for a missing volume, snapshot or job', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    for (const path of [
      `/api/storage/volumes/${ghost}`,
      `/api/storage/volumes/${ghost}/snapshots`,
      `/api/cluster/jobs/${ghost}`,
    ]) {
      const answer = await api.get(path);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('4');
    }
    expect((await api.patch(`/api/storage/volumes/${ghost}`, { comment: 'x' })).status).toBe(404);
    expect((await api.delete(`/api/storage/volumes/${ghost}`)).status).toBe(404);
  });

  it('deletes a volume as a job, after which it is gone', async () => {
    const pg4 = await volumeByName('pg_4');
    const deleted = await api.delete(`/api/storage/volumes/${pg4.uuid}?return_timeout=30`);
    expect(deleted.status).toBe(200);
    expect((await api.get(`/api/storage/volumes/${pg4.uuid}`)).status).toBe(404);
    expect(existsSync(lab.volumes.root(pg4.uuid))).toBe(false);
  });
});
