import { describe, expect, it } from 'vitest';
import { resolveAddress, virtualHostDomains } from '../../electron/lab/s3/addressing';
import { parseRange } from '../../electron/lab/s3/range';
import { route } from '../../electron/lab/s3/router';

describe('Range headers', () => {
  it('reads single ranges, open ends and suffixes, clamped to the object', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'range', start: 0, end: 9 });
    expect(parseRange('bytes=90-200', 100)).toEqual({ kind: 'range', start: 90, end: 99 });
    expect(parseRange('bytes=10-', 100)).toEqual({ kind: 'range', start: 10, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'range', start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'range', start: 0, end: 99 });
  });

  it('answers unsatisfiable past the end, and ignores what S3 ignores', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange(undefined, 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('items=0-1', 100)).toEqual({ kind: 'whole' });
    expect(parseRange('bytes=9-3', 100)).toEqual({ kind: 'whole' });
  });
});

describe('bucket addressing', () => {
  const domains = virtualHostDomains('fsx_s3');

  it('reads path-style requests, decoding the key once', () => {
    expect(resolveAddress('127.0.0.1:9000', '/', domains)).toEqual({ bucket: null, key: null, style: 'path' });
    expect(resolveAddress('127.0.0.1:9000', '/bucket1', domains)).toMatchObject({ bucket: 'bucket1', key: null });
    expect(resolveAddress('127.0.0.1:9000', '/bucket1/', domains)).toMatchObject({ bucket: 'bucket1', key: null });
    expect(resolveAddress('127.0.0.1:9000', '/bucket1/a%20b/c%2Bd%2Fe', domains)).toMatchObject({
      bucket: 'bucket1',
      key: 'a b/c+d/e',
    });
    expect(resolveAddress('localhost:9000', '/bucket1/k', domains)).toMatchObject({ bucket: 'bucket1', key: 'k', style: 'path' });
  });

  it('reads virtual-hosted requests under localhost and the server’s DNS name', () => {
    expect(resolveAddress('bucket1.localhost:9000', '/a/b.txt', domains)).toEqual({
      bucket: 'bucket1',
      key: 'a/b.txt',
      style: 'virtual',
    });
    expect(resolveAddress('my.data.localhost', '/', domains)).toEqual({ bucket: 'my.data', key: null, style: 'virtual' });
    expect(resolveAddress('bucket1.s3.example.com', '/k', virtualHostDomains('s3.example.com'))).toMatchObject({
      bucket: 'bucket1',
      style: 'virtual',
    });
  });

  it('never takes a bucket from an IP address or a name that is not a DNS-compatible bucket', () => {
    // `bucket1.127.0.0.1` is not a host name under any of the server's domains: the path names the bucket.
    expect(resolveAddress('bucket1.127.0.0.1:9000', '/bucket2/k', domains)).toMatchObject({ bucket: 'bucket2', style: 'path' });
    expect(resolveAddress('[::1]:9000', '/bucket2/k', domains)).toMatchObject({ bucket: 'bucket2', style: 'path' });
    expect(resolveAddress('Bad_Name.localhost', '/bucket2/k', domains)).toMatchObject({ bucket: 'bucket2', style: 'path' });
    expect(resolveAddress('a..b.localhost', '/bucket2/k', domains)).toMatchObject({ bucket: 'bucket2', style: 'path' });
    expect(resolveAddress('192.168.1.1.localhost', '/bucket2/k', domains)).toMatchObject({ style: 'path' });
  });

  it('answers InvalidURI for a path that cannot be decoded', () => {
    expect(() => resolveAddress('h', '/bucket1/%E0%A4%A', domains)).toThrow(expect.objectContaining({ code: 'InvalidURI' }));
  });
});

describe('operation routing', () => {
  const q = (s: string) => new Map(new URLSearchParams(s).entries());
  it('picks the operation S3 would', () => {
    expect(route('GET', null, null, q(''), {}).name).toBe('listBuckets');
    expect(route('GET', 'b', null, q('list-type=2&prefix=a'), {}).name).toBe('listObjectsV2');
    expect(route('GET', 'b', null, q('prefix=a'), {}).name).toBe('listObjectsV1');
    expect(route('GET', 'b', null, q('location'), {}).name).toBe('getBucketLocation');
    expect(route('GET', 'b', null, q('uploads'), {}).name).toBe('listMultipartUploads');
    expect(route('POST', 'b', null, q('delete'), {}).name).toBe('deleteObjects');
    expect(route('PUT', 'b', 'k', q(''), {}).name).toBe('putObject');
    expect(route('PUT', 'b', 'k', q(''), { 'x-amz-copy-source': '/b/x' }).name).toBe('copyObject');
    expect(route('PUT', 'b', 'k', q('partNumber=1&uploadId=u'), {}).name).toBe('uploadPart');
    expect(route('POST', 'b', 'k', q('uploads'), {}).name).toBe('createMultipartUpload');
    expect(route('POST', 'b', 'k', q('uploadId=u'), {}).name).toBe('completeMultipartUpload');
    expect(route('DELETE', 'b', 'k', q('uploadId=u'), {}).name).toBe('abortMultipartUpload');
    expect(route('GET', 'b', 'k', q('uploadId=u'), {}).name).toBe('listParts');
    expect(route('HEAD', 'b', 'k', q(''), {}).name).toBe('getObject');
    expect(route('PUT', 'b', null, q(''), {}).name).toBe('createBucket');
  });

  it('answers NotImplemented to what the lab does not serve', () => {
    for (const [method, bucket, key, query] of [
      ['GET', 'b', null, 'acl'],
      ['PUT', 'b', 'k', 'tagging'],
      ['GET', 'b', null, 'versioning'],
      ['PUT', 'b', null, 'cors'],
      ['DELETE', 'b', null, ''],
      ['POST', 'b', 'k', ''],
    ] as const) {
      expect(() => route(method, bucket, key, q(query), {})).toThrow(expect.objectContaining({ code: 'NotImplemented' }));
    }
  });
});
