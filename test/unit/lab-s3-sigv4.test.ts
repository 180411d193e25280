import { HttpRequest } from '@smithy/protocol-http';
import { describe, expect, it } from 'vitest';
import { canonicalPaths, parseAmzDate, parseQuery, verifySignature, type SigningRequest } from '../../electron/lab/s3/sigv4';
import { s3Signer } from '../support/s3-raw';

// AWS's published SigV4 examples for S3 (examplebucket, 2013-05-24).
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const DATE = new Date(Date.UTC(2013, 4, 24));
const lookup = (id: string) => (id === KEYS.accessKeyId ? KEYS : undefined);

/** Signs a request with the SDK and returns it as the server receives it. */
async function signed(
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  now = new Date(),
): Promise<SigningRequest> {
  const out = await s3Signer(KEYS, 'eu-west-3').sign(new HttpRequest({ method, path, query, headers }), { signingDate: now });
  const rawQuery = Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { method, rawPath: path, rawQuery, headers: out.headers as Record<string, string> };
}

describe('Signature V4 verification', () => {
  it('accepts AWS’s published GET Object example (Range header signed)', async () => {
    const verified = await verifySignature(
      {
        method: 'GET',
        rawPath: '/test.txt',
        rawQuery: '',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          range: 'bytes=0-9',
          'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
          'x-amz-date': '20130524T000000Z',
          authorization:
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
        },
      },
      lookup,
      DATE,
    );
    expect(verified).toMatchObject({ accessKeyId: KEYS.accessKeyId, presigned: false });
  });

  it('accepts AWS’s published presigned URL example, and refuses it once expired', async () => {
    const request: SigningRequest = {
      method: 'GET',
      rawPath: '/test.txt',
      rawQuery:
        'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
      headers: { host: 'examplebucket.s3.amazonaws.com' },
    };
    expect(await verifySignature(request, lookup, DATE)).toMatchObject({ presigned: true, payload: 'UNSIGNED-PAYLOAD' });
    await expect(verifySignature(request, lookup, new Date(DATE.getTime() + 86401_000))).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    const tampered = { ...request, rawQuery: request.rawQuery.replace('Expires=86400', 'Expires=86401') };
    await expect(verifySignature(tampered, lookup, DATE)).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it('round-trips requests signed by the SDK, with any region and odd keys', async () => {
    const req = await signed(
      'PUT',
      '/bucket1/a%20b/c%2Bd~%21.txt',
      { uploadId: 'x y', partNumber: '1' },
      {
        host: '127.0.0.1:9000',
        'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        'x-amz-meta-colour': 'blue  and   green',
      },
    );
    expect(await verifySignature(req, lookup)).toMatchObject({ payload: 'UNSIGNED-PAYLOAD' });
  });

  it('says which of key, signature, clock or header is wrong', async () => {
    const req = await signed('GET', '/bucket1/k', {}, { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    await expect(verifySignature(req, () => undefined)).rejects.toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
    await expect(verifySignature({ ...req, rawPath: '/bucket1/other' }, lookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
    await expect(verifySignature(req, () => ({ ...KEYS, secretAccessKey: 'wrong' }))).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(verifySignature({ ...req, headers: { ...req.headers, host: 'evil' } }, lookup)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(verifySignature(req, lookup, new Date(Date.now() + 16 * 60_000))).rejects.toMatchObject({
      code: 'RequestTimeTooSkewed',
    });
    const { authorization: _a, ...anonymous } = req.headers;
    await expect(verifySignature({ ...req, headers: anonymous }, lookup)).rejects.toMatchObject({ code: 'AccessDenied' });
    await expect(
      verifySignature({ ...req, headers: { ...req.headers, authorization: 'AWS AKIAIOSFODNN7EXAMPLE:abc' } }, lookup),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('verifies presigned URLs made by the SDK', async () => {
    const now = new Date();
    // As @aws-sdk/s3-request-presigner does: the unsigned payload marker is hoisted into the query.
    const presigned = await s3Signer(KEYS).presign(
      new HttpRequest({
        method: 'GET',
        path: '/bucket1/photo%201.jpg',
        query: {},
        headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      }),
      { signingDate: now, expiresIn: 60 },
    );
    const rawQuery = Object.entries(presigned.query ?? {})
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&');
    const req = { method: 'GET', rawPath: '/bucket1/photo%201.jpg', rawQuery, headers: { host: '127.0.0.1:9000' } };
    expect(rawQuery.toLowerCase()).toContain('x-amz-content-sha256=unsigned-payload');
    expect(await verifySignature(req, lookup, now)).toMatchObject({ presigned: true, payload: 'UNSIGNED-PAYLOAD' });
    await expect(verifySignature({ ...req, method: 'DELETE' }, lookup, now)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});

describe('SigV4 request pieces', () => {
  it('keeps ".." in canonical paths and re-encodes segments as AWS does', () => {
    expect(canonicalPaths('/b/a/../../x')).toEqual(['/b/a/../../x']);
    expect(canonicalPaths('/b/a b!')).toEqual(['/b/a%20b%21', '/b/a b!']);
    expect(canonicalPaths('/b/x%2fy')).toEqual(['/b/x%2Fy', '/b/x%2fy']);
  });

  it('reads query strings and timestamps', () => {
    expect(parseQuery('a=1&b&c=x%20y+z&a=2')).toEqual([
      ['a', '1'],
      ['b', ''],
      ['c', 'x y+z'],
      ['a', '2'],
    ]);
    expect(parseAmzDate('20130524T000000Z')?.toISOString()).toBe('2013-05-24T00:00:00.000Z');
    expect(parseAmzDate('2013-05-24')).toBeNull();
  });
});
