import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { NodeSha256 } from '../../electron/core/net/node-sha256';
import { BodilessSigner } from '../../electron/core/transfers/sigv4-signer';

const keys = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'eu-west-1',
};
const sdk = new SignatureV4({
  service: 's3',
  region: keys.region,
  credentials: keys,
  sha256: NodeSha256,
  uriEscapePath: false,
  applyChecksum: false,
});

/** What the AWS SDK's signer sends for the same request. */
async function sdkAuthorization(method: string, path: string, query: Record<string, string>, at: Date): Promise<string> {
  const signed = await sdk.sign(
    new HttpRequest({
      method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 9000,
      path,
      query,
      headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    }),
    { signingDate: at },
  );
  return signed.headers.authorization ?? '';
}

// A wrong signature is a 403 for every object of a download, so the hand-written signer must agree
// with the SDK's exactly, for any key, query and day.
describe('BodilessSigner', () => {
  const cases: [string, string, Record<string, string>, string][] = [
    ['GET', '/bench/small/obj-00001.bin', {}, '2026-11-22T04:30:00Z'],
    ['HEAD', '/bucket/dataset/tyre/defective_0001.jpg', { partNumber: '1' }, '2026-11-22T23:59:59Z'],
    ['GET', '/bucket/a%20b/%E2%9C%93%21%27%28%29%2A.png', { partNumber: '12' }, '2026-11-23T00:00:00Z'],
    ['GET', '/b/k', { 'response-content-type': 'image/jpeg; charset=x', partNumber: '3' }, '2027-01-01T12:00:00Z'],
  ];
  for (const [method, path, query, at] of cases) {
    it(`signs ${method} ${path}${Object.keys(query).length ? ' with a query' : ''} as the SDK does`, async () => {
      const signer = new BodilessSigner(keys);
      const date = new Date(at);
      const headers = signer.sign(method, '127.0.0.1:9000', path, query, date);
      expect(headers.authorization).toBe(await sdkAuthorization(method, path, query, date));
      expect(headers['x-amz-date']).toBe(at.replace(/[-:]/g, ''));
      expect(headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    });
  }

  it('derives a new signing key when the day changes', async () => {
    const signer = new BodilessSigner(keys);
    const first = new Date('2026-11-22T23:59:59Z');
    const next = new Date('2026-11-23T00:00:01Z');
    expect(signer.sign('GET', '127.0.0.1:9000', '/b/k', {}, first).authorization).toBe(
      await sdkAuthorization('GET', '/b/k', {}, first),
    );
    expect(signer.sign('GET', '127.0.0.1:9000', '/b/k', {}, next).authorization).toBe(
      await sdkAuthorization('GET', '/b/k', {}, next),
    );
  });
});
