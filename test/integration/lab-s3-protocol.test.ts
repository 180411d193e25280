import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from '../support/lab';
import { errorCode, rawS3, s3Signer, type RawS3Response } from '../support/s3-raw';

let t: Awaited<ReturnType<typeof openTestLab>>;
let servers: S3Servers;
let s3: ReturnType<typeof rawS3>;
let volumeRoot: string;
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');
const xml = (res: RawS3Response) =>
  new XMLParser({
    parseTagValue: false,
    isArray: (n) => ['Contents', 'CommonPrefixes', 'Part', 'Upload', 'Deleted', 'Error'].includes(n),
  }).parse(res.body.toString()) as Record<string, Record<string, unknown>>;
const put = (key: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  s3.send({
    method: 'PUT',
    path: `/bucket1/${key.split('/').map(encodeURIComponent).join('/')}`,
    body: Buffer.from(body),
    headers,
  });

beforeAll(async () => {
  t = await openTestLab({ sampleScale: 0 });
  servers = await startS3Servers(t.lab);
  s3 = rawS3(servers.endpoints().svm1?.http ?? '', { accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key });
  volumeRoot = t.lab.volumes.root(t.vol1.uuid);
});

afterAll(async () => {
  await servers?.close();
  await t?.close();
});

describe('uploads in every payload mode', () => {
  for (const payload of [
    'unsigned',
    'signed',
    'streaming-signed',
    'streaming-signed-trailer',
    'streaming-unsigned-trailer',
  ] as const) {
    it(`stores a ${payload} body exactly, with its MD5 as ETag`, async () => {
      const body = randomBytes(150_000);
      const res = await s3.send({ method: 'PUT', path: `/bucket1/modes/${payload}.bin`, body, payload, chunkSize: 64 * 1024 });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${md5(body)}"`);
      if (payload.endsWith('trailer')) expect(res.headers['x-amz-checksum-crc32']).toMatch(/^[A-Za-z0-9+/]{6}==$/);
      expect(md5(readFileSync(join(volumeRoot, `modes/${payload}.bin`)))).toBe(md5(body));
    });
  }
});

describe('GetObject', () => {
  it('serves ranges (206, suffix ranges, 416) and conditional requests (304, 412)', async () => {
    await put('get/digits.txt', '0123456789', { 'content-type': 'text/plain', 'x-amz-meta-origin': 'test' });
    const whole = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt' });
    expect(whole.headers).toMatchObject({
      'content-type': 'text/plain',
      'x-amz-meta-origin': 'test',
      etag: `"${md5('0123456789')}"`,
      'accept-ranges': 'bytes',
    });
    expect(new Date(whole.headers['last-modified'] ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);
    const range = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt', headers: { range: 'bytes=2-4' } });
    expect([range.status, range.body.toString(), range.headers['content-range']]).toEqual([206, '234', 'bytes 2-4/10']);
    const suffix = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt', headers: { range: 'bytes=-3' } });
    expect([suffix.status, suffix.body.toString()]).toEqual([206, '789']);
    const beyond = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt', headers: { range: 'bytes=10-' } });
    expect([beyond.status, errorCode(beyond), beyond.headers['content-range']]).toEqual([416, 'InvalidRange', 'bytes */10']);
    const etag = whole.headers.etag ?? '';
    const notModified = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt', headers: { 'if-none-match': etag } });
    expect([notModified.status, notModified.body.length]).toEqual([304, 0]);
    const failed = await s3.send({ method: 'GET', path: '/bucket1/get/digits.txt', headers: { 'if-match': '"0000"' } });
    expect([failed.status, errorCode(failed)]).toEqual([412, 'PreconditionFailed']);
    const head = await s3.send({ method: 'HEAD', path: '/bucket1/get/digits.txt' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([200, '10', 0]);
    const renamed = await s3.send({
      method: 'GET',
      path: '/bucket1/get/digits.txt',
      query: { 'response-content-disposition': 'attachment; filename="d.txt"' },
    });
    expect(renamed.headers['content-disposition']).toBe('attachment; filename="d.txt"');
  });

  it('answers virtual-hosted requests (bucket.localhost) like path-style ones', async () => {
    const port = new URL(servers.endpoints().svm1?.http ?? '').port;
    const host = `bucket1.localhost:${port}`;
    const headers = (
      await s3Signer({ accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key }).sign({
        method: 'GET',
        protocol: 'http:',
        hostname: 'bucket1.localhost',
        path: '/get/digits.txt',
        query: {},
        headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      })
    ).headers as Record<string, string>;
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/get/digits.txt', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve(`${res.statusCode} ${text}`));
      })
        .on('error', reject)
        .end();
    });
    expect(body).toBe('200 0123456789');
  });
});

describe('snapshots over S3', () => {
  it('lists and serves a snapshot read-only under .snapshot/<name>/, hidden from the bucket’s own listing', async () => {
    expect((await put('snapped/a.txt', 'before')).status).toBe(200);
    await t.lab.volumes.createSnapshot(t.vol1.uuid, { name: 's3_read' });
    expect((await put('snapped/a.txt', 'after')).status).toBe(200);
    const old = await s3.send({ method: 'GET', path: '/bucket1/.snapshot/s3_read/snapped/a.txt' });
    expect(old.status).toBe(200);
    expect(old.body.toString()).toBe('before');
    expect(old.headers.etag).toBe(`"${md5('before')}"`);
    const listed = xml(
      await s3.send({ method: 'GET', path: '/bucket1', query: { 'list-type': '2', prefix: '.snapshot/s3_read/snapped/' } }),
    );
    expect(listed.ListBucketResult!.Contents).toMatchObject([
      { Key: '.snapshot/s3_read/snapped/a.txt', ETag: `"${md5('before')}"` },
    ]);
    const root = xml(await s3.send({ method: 'GET', path: '/bucket1', query: { 'list-type': '2', delimiter: '/' } }));
    expect(JSON.stringify(root)).not.toContain('.snapshot');
    expect((await put('.snapshot/s3_read/snapped/a.txt', 'overwrite')).status).toBe(403);
    expect((await s3.send({ method: 'GET', path: '/bucket1/.snapshot/s3_read/snapped/a.txt' })).body.toString()).toBe('before');
    expect((await s3.send({ method: 'GET', path: '/bucket1/.snapshot/no_such_snap/snapped/a.txt' })).status).toBe(404);
  });
});

describe('listings', () => {
  beforeAll(async () => {
    for (const key of ['list/a.txt', 'list/b+c.txt', 'list/d/e.txt', 'list/d/f.txt', 'list/g h.txt', 'list/z.txt'])
      await put(key, key);
  });

  it('pages ListObjectsV2 with opaque continuation tokens and rolls keys up under a delimiter', async () => {
    const keys: string[] = [];
    const prefixes: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await s3.send({
        method: 'GET',
        path: '/bucket1',
        query: {
          'list-type': '2',
          prefix: 'list/',
          delimiter: '/',
          'max-keys': '2',
          ...(token ? { 'continuation-token': token } : {}),
        },
      });
      const doc = xml(res).ListBucketResult ?? {};
      keys.push(...((doc.Contents as { Key: string }[] | undefined) ?? []).map((c) => c.Key));
      prefixes.push(...((doc.CommonPrefixes as { Prefix: string }[] | undefined) ?? []).map((c) => c.Prefix));
      expect(Number(doc.KeyCount)).toBeLessThanOrEqual(2);
      token = doc.NextContinuationToken as string | undefined;
      if (doc.IsTruncated !== 'true') break;
    }
    expect(keys).toEqual(['list/a.txt', 'list/b+c.txt', 'list/g h.txt', 'list/z.txt']);
    expect(prefixes).toEqual(['list/d/']);
  });

  it('honours start-after, fetch-owner and encoding-type=url', async () => {
    const res = await s3.send({
      method: 'GET',
      path: '/bucket1',
      query: { 'list-type': '2', prefix: 'list/', 'start-after': 'list/b+c.txt', 'fetch-owner': 'true', 'encoding-type': 'url' },
    });
    const doc = xml(res).ListBucketResult ?? {};
    const contents = doc.Contents as { Key: string; Owner?: { ID: string } }[];
    expect(contents.map((c) => c.Key)).toEqual(['list/d/e.txt', 'list/d/f.txt', 'list/g%20h.txt', 'list/z.txt']);
    expect(contents[0]?.Owner?.ID).toBe('s3user');
    expect(doc.EncodingType).toBe('url');
  });

  it('pages ListObjects v1 with marker and NextMarker', async () => {
    const first = xml(
      await s3.send({ method: 'GET', path: '/bucket1', query: { prefix: 'list/', delimiter: '/', 'max-keys': '3' } }),
    ).ListBucketResult;
    expect(first).toMatchObject({ IsTruncated: 'true', NextMarker: 'list/d/' });
    const second = xml(
      await s3.send({ method: 'GET', path: '/bucket1', query: { prefix: 'list/', delimiter: '/', marker: 'list/d/' } }),
    ).ListBucketResult;
    expect((second?.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['list/g h.txt', 'list/z.txt']);
    expect(second?.IsTruncated).toBe('false');
  });

  it('lists buckets, heads and locates them', async () => {
    const buckets = xml(await s3.send({ method: 'GET', path: '/' })).ListAllMyBucketsResult;
    expect(buckets?.Buckets).toMatchObject({ Bucket: { Name: 'bucket1' } });
    expect((await s3.send({ method: 'HEAD', path: '/bucket1' })).status).toBe(200);
    expect((await s3.send({ method: 'HEAD', path: '/nobucket' })).status).toBe(404);
    const location = await s3.send({ method: 'GET', path: '/bucket1', query: { location: '' } });
    expect(location.body.toString()).toContain(
      '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>',
    );
  });
});

describe('copies and deletes', () => {
  it('copies with metadata copied or replaced, and refuses a self-copy that changes nothing', async () => {
    await put('copy/src.txt', 'source', { 'content-type': 'text/x-src', 'x-amz-meta-a': '1' });
    const copied = await s3.send({
      method: 'PUT',
      path: '/bucket1/copy/dst.txt',
      headers: { 'x-amz-copy-source': '/bucket1/copy/src.txt' },
    });
    expect(xml(copied).CopyObjectResult?.ETag).toBe(`"${md5('source')}"`);
    const head = await s3.send({ method: 'HEAD', path: '/bucket1/copy/dst.txt' });
    expect(head.headers).toMatchObject({ 'content-type': 'text/x-src', 'x-amz-meta-a': '1' });
    await s3.send({
      method: 'PUT',
      path: '/bucket1/copy/dst2.txt',
      headers: { 'x-amz-copy-source': 'bucket1/copy%2Fsrc.txt', 'x-amz-metadata-directive': 'REPLACE', 'x-amz-meta-b': '2' },
    });
    const replaced = await s3.send({ method: 'HEAD', path: '/bucket1/copy/dst2.txt' });
    expect(replaced.headers['x-amz-meta-b']).toBe('2');
    expect(replaced.headers['x-amz-meta-a']).toBeUndefined();
    const self = await s3.send({
      method: 'PUT',
      path: '/bucket1/copy/src.txt',
      headers: { 'x-amz-copy-source': '/bucket1/copy/src.txt' },
    });
    expect(errorCode(self)).toBe('InvalidRequest');
  });

  it('deletes one object and many (Quiet reports only errors)', async () => {
    await put('del/a', 'a');
    await put('del/b', 'b');
    await put('del/c', 'c');
    expect((await s3.send({ method: 'DELETE', path: '/bucket1/del/a' })).status).toBe(204);
    expect((await s3.send({ method: 'DELETE', path: '/bucket1/del/a' })).status).toBe(204);
    const body = Buffer.from(
      '<Delete><Object><Key>del/b</Key></Object><Object><Key>del/../../x</Key></Object><Object><Key>del/c</Key></Object></Delete>',
    );
    const res = await s3.send({
      method: 'POST',
      path: '/bucket1',
      query: { delete: '' },
      body,
      payload: 'signed',
      headers: { 'content-md5': createHash('md5').update(body).digest('base64') },
    });
    const doc = xml(res).DeleteResult;
    expect((doc?.Deleted as { Key: string }[]).map((d) => d.Key)).toEqual(['del/b', 'del/c']);
    expect(doc?.Error).toEqual([{ Key: 'del/../../x', Code: 'InvalidArgument', Message: expect.any(String) }]);
    const quiet = await s3.send({
      method: 'POST',
      path: '/bucket1',
      query: { delete: '' },
      body: Buffer.from('<Delete><Quiet>true</Quiet><Object><Key>del/b</Key></Object></Delete>'),
    });
    expect(xml(quiet).DeleteResult?.Deleted).toBeUndefined();
    expect(readdirSync(join(volumeRoot, 'del'))).toEqual([]);
  });
});

describe('multipart uploads', () => {
  it('creates, uploads, lists and completes; aborts another', async () => {
    const create = await s3.send({ method: 'POST', path: '/bucket1/mp/object.bin', query: { uploads: '' } });
    const uploadId = String(xml(create).InitiateMultipartUploadResult?.UploadId);
    const part1 = randomBytes(5 * 1024 * 1024);
    const part2 = randomBytes(1000);
    const etags: string[] = [];
    for (const [n, data] of [part1, part2].entries()) {
      const res = await s3.send({
        method: 'PUT',
        path: '/bucket1/mp/object.bin',
        query: { partNumber: String(n + 1), uploadId },
        body: data,
        payload: n === 0 ? 'streaming-signed' : 'signed',
      });
      expect(res.headers.etag).toBe(`"${md5(data)}"`);
      etags.push(res.headers.etag ?? '');
    }
    const parts = xml(await s3.send({ method: 'GET', path: '/bucket1/mp/object.bin', query: { uploadId } })).ListPartsResult;
    expect((parts?.Part as { PartNumber: string; Size: string }[]).map((p) => [p.PartNumber, p.Size])).toEqual([
      ['1', String(part1.length)],
      ['2', '1000'],
    ]);
    const other = xml(await s3.send({ method: 'POST', path: '/bucket1/mp/other.bin', query: { uploads: '' } }))
      .InitiateMultipartUploadResult?.UploadId;
    const uploads = xml(await s3.send({ method: 'GET', path: '/bucket1', query: { uploads: '' } })).ListMultipartUploadsResult;
    expect((uploads?.Upload as { Key: string }[]).map((u) => u.Key)).toEqual(['mp/object.bin', 'mp/other.bin']);
    expect((await s3.send({ method: 'DELETE', path: '/bucket1/mp/other.bin', query: { uploadId: String(other) } })).status).toBe(
      204,
    );
    const complete = await s3.send({
      method: 'POST',
      path: '/bucket1/mp/object.bin',
      query: { uploadId },
      body: Buffer.from(
        `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`,
      ),
    });
    const etag = `"${createHash('md5')
      .update(Buffer.concat(etags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex'))))
      .digest('hex')}-2"`;
    expect(xml(complete).CompleteMultipartUploadResult).toMatchObject({ Bucket: 'bucket1', Key: 'mp/object.bin', ETag: etag });
    expect(md5(readFileSync(join(volumeRoot, 'mp/object.bin')))).toBe(md5(Buffer.concat([part1, part2])));
    expect(await t.lab.uploads.listUploads(t.bucket)).toEqual([]);

    // ?partNumber=N answers that part: its bytes, range and the part count, with the object's ETag.
    const whole = part1.length + part2.length;
    const got2 = await s3.send({ method: 'GET', path: '/bucket1/mp/object.bin', query: { partNumber: '2' } });
    expect(got2.status).toBe(206);
    expect(got2.body.equals(part2)).toBe(true);
    expect(got2.headers).toMatchObject({
      etag,
      'content-length': '1000',
      'content-range': `bytes ${part1.length}-${whole - 1}/${whole}`,
      'x-amz-mp-parts-count': '2',
    });
    const head1 = await s3.send({ method: 'HEAD', path: '/bucket1/mp/object.bin', query: { partNumber: '1' } });
    expect(head1.status).toBe(206);
    expect(head1.headers).toMatchObject({
      etag,
      'content-length': String(part1.length),
      'content-range': `bytes 0-${part1.length - 1}/${whole}`,
      'x-amz-mp-parts-count': '2',
    });
    const past = await s3.send({ method: 'GET', path: '/bucket1/mp/object.bin', query: { partNumber: '3' } });
    expect([past.status, errorCode(past)]).toEqual([416, 'InvalidPartNumber']);
    expect(past.body.toString()).toContain('The requested partnumber is not satisfiable');
    const bad = await s3.send({ method: 'GET', path: '/bucket1/mp/object.bin', query: { partNumber: '0' } });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'InvalidArgument']);
    const both = await s3.send({
      method: 'GET',
      path: '/bucket1/mp/object.bin',
      query: { partNumber: '1' },
      headers: { range: 'bytes=0-1' },
    });
    expect(errorCode(both)).toBe('InvalidRequest');
    // Part sizes are lab metadata, never user metadata.
    expect(Object.keys(head1.headers).filter((h) => h.startsWith('x-amz-meta-'))).toEqual([]);
    // A single-part object: part 1 is the whole object, with no part count; part 2 does not exist.
    await put('mp/single.txt', 'hello parts');
    const single = await s3.send({ method: 'GET', path: '/bucket1/mp/single.txt', query: { partNumber: '1' } });
    expect([single.status, single.body.toString(), single.headers['content-range']]).toEqual([
      206,
      'hello parts',
      'bytes 0-10/11',
    ]);
    expect(single.headers['x-amz-mp-parts-count']).toBeUndefined();
    const single2 = await s3.send({ method: 'HEAD', path: '/bucket1/mp/single.txt', query: { partNumber: '2' } });
    expect(single2.status).toBe(416);
    const gone = await s3.send({ method: 'GET', path: '/bucket1/mp/object.bin', query: { uploadId } });
    expect(errorCode(gone)).toBe('NoSuchUpload');
  });
});

describe('listeners and connections', () => {
  it('abandons the write when the client goes away mid-upload', async () => {
    const url = new URL(`${servers.endpoints().svm1?.http}/bucket1/aborted.bin`);
    const headers = (
      await s3Signer({ accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key }).sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        path: url.pathname,
        query: {},
        headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(32 * 1024 * 1024) },
      })
    ).headers as Record<string, string>;
    const req = request(url, { method: 'PUT', headers });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(4 * 1024 * 1024));
    const tmp = join(t.dir, 'tmp');
    await expect.poll(() => readdirSync(tmp).length, { timeout: 20_000 }).toBeGreaterThan(0);
    req.destroy();
    await expect.poll(() => readdirSync(tmp), { timeout: 20_000 }).toEqual([]);
    expect(existsSync(join(volumeRoot, 'aborted.bin'))).toBe(false);
  });

  it('serves HTTPS with the lab certificate while enabled, and stops listening when the server is disabled', async () => {
    t.lab.s3.patchService('svm1', { is_https_enabled: true });
    await servers.ready();
    const httpsUrl = servers.endpoints().svm1?.https ?? '';
    const secure = rawS3(
      httpsUrl,
      { accessKeyId: t.user.access_key, secretAccessKey: t.user.secret_key },
      { ca: t.lab.tls.cert },
    );
    expect((await secure.send({ method: 'GET', path: '/bucket1/get/digits.txt' })).body.toString()).toBe('0123456789');
    const httpUrl = servers.endpoints().svm1?.http ?? '';
    t.lab.s3.patchService('svm1', { is_http_enabled: false });
    await servers.ready();
    expect(servers.endpoints().svm1).toEqual({ https: httpsUrl });
    await expect(s3.send({ method: 'GET', path: '/' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    t.lab.s3.patchService('svm1', { is_http_enabled: true, is_https_enabled: false });
    await servers.ready();
    expect(servers.endpoints().svm1).toEqual({ http: httpUrl });
    expect((await s3.send({ method: 'GET', path: '/' })).status).toBe(200);
  });
});
