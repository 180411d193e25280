import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** Signs an S3 request the way the AWS SDK does (SigV4, unsigned payload), for raw requests in tests. */
export async function signS3(
  method: string,
  url: URL,
  creds: { accessKeyId: string; secretAccessKey: string },
  headers: Record<string, string> = {},
): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: creds,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const req = new HttpRequest({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  const signed = await signer.sign(req);
  return signed.headers as Record<string, string>;
}
