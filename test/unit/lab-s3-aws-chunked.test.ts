import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder, type AwsChunkedOptions } from '../../electron/lab/s3/aws-chunked';
import { ChecksumVerifier, crc32c } from '../../electron/lab/s3/checksums';
import { verifySignature } from '../../electron/lab/s3/sigv4';
import { encodeAwsChunked, s3Signer } from '../support/s3-raw';

// The worked example of AWS's "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks".
const EXAMPLE_KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const EXAMPLE_DATE = new Date(Date.UTC(2013, 4, 24));
const SEED = '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9';
const CHUNK_SIGNATURES = [
  'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
  '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
  'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
];
const exampleData = Buffer.alloc(66560, 'a');

function exampleBody(signatures = CHUNK_SIGNATURES, data = exampleData): Buffer {
  const first = data.subarray(0, 65536);
  const second = data.subarray(65536);
  return Buffer.concat([
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    first,
    Buffer.from(`\r\n400;chunk-signature=${signatures[1]}\r\n`),
    second,
    Buffer.from(`\r\n0;chunk-signature=${signatures[2]}\r\n\r\n`),
  ]);
}

const exampleSigning = () => {
  const signer = s3Signer(EXAMPLE_KEYS);
  return {
    seed: SEED,
    longDate: '20130524T000000Z',
    scope: '20130524/us-east-1/s3/aws4_request',
    sign: (s: string) => signer.sign(s, { signingDate: EXAMPLE_DATE }),
  };
};

/** Decodes `wire`, fed in pieces of `piece` bytes, and returns the plain bytes. */
async function decode(
  wire: Buffer,
  options: AwsChunkedOptions,
  piece = 8192,
): Promise<{ data: Buffer; decoder: AwsChunkedDecoder }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < wire.length; i += piece) pieces.push(wire.subarray(i, i + piece));
  const out: Buffer[] = [];
  const decoder = new AwsChunkedDecoder(options);
  await pipeline(
    Readable.from(pieces),
    decoder,
    new Writable({
      write(chunk: Buffer, _e, done) {
        out.push(chunk);
        done();
      },
    }),
  );
  return { data: Buffer.concat(out), decoder };
}

describe('aws-chunked decoding', () => {
  it('verifies the request and chunk signatures of AWS’s published example', async () => {
    const verified = await verifySignature(
      {
        method: 'PUT',
        rawPath: '/examplebucket/chunkObject.txt',
        rawQuery: '',
        headers: {
          host: 's3.amazonaws.com',
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SEED}`,
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': '66560',
          'content-length': '66824',
        },
      },
      (id) => (id === EXAMPLE_KEYS.accessKeyId ? EXAMPLE_KEYS : undefined),
      EXAMPLE_DATE,
    );
    expect(verified.chunks.seed).toBe(SEED);
    expect(exampleBody().length).toBe(66824);
    const { data } = await decode(exampleBody(), { signing: verified.chunks, trailer: false, decodedLength: 66560 });
    expect(data.equals(exampleData)).toBe(true);
  });

  it('decodes the same body fed one byte at a time (CRLFs split across reads)', async () => {
    const { data } = await decode(exampleBody(), { signing: exampleSigning(), trailer: false }, 1);
    expect(data.equals(exampleData)).toBe(true);
  });

  it('refuses a changed byte, a wrong chunk signature and a truncated body', async () => {
    const changed = Buffer.from(exampleData);
    changed[65536 + 10] = 0x62;
    await expect(
      decode(exampleBody(CHUNK_SIGNATURES, Buffer.concat([exampleData.subarray(0, 65536), changed.subarray(65536)])), {
        signing: exampleSigning(),
        trailer: false,
      }),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    const swapped = [CHUNK_SIGNATURES[1]!, CHUNK_SIGNATURES[0]!, CHUNK_SIGNATURES[2]!];
    await expect(decode(exampleBody(swapped), { signing: exampleSigning(), trailer: false })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    await expect(decode(exampleBody().subarray(0, 60000), { signing: exampleSigning(), trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(
      decode(exampleBody(), { signing: exampleSigning(), trailer: false, decodedLength: 66561 }),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it('reads unsigned chunks with a checksum trailer, as the AWS CLI sends them over HTTPS', async () => {
    const data = Buffer.from('hello, trailer world');
    const wire = await encodeAwsChunked(data, { chunkSize: 7, trailer: true });
    const trailers: [string, string][] = [];
    const { data: out } = await decode(wire, { trailer: true, onTrailer: (n, v) => trailers.push([n, v]) }, 3);
    expect(out.toString()).toBe('hello, trailer world');
    expect(trailers).toEqual([['x-amz-checksum-crc32', expect.any(String)]]);
  });

  it('verifies the trailer signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', async () => {
    const signing = exampleSigning();
    const data = Buffer.alloc(20_000, 'z');
    const wire = await encodeAwsChunked(data, { chunkSize: 8192, trailer: true, signing });
    const { data: out, decoder } = await decode(wire, { signing, trailer: true });
    expect(out.equals(data)).toBe(true);
    expect(decoder.trailers.has('x-amz-checksum-crc32')).toBe(true);
    const forged = Buffer.from(
      wire.toString('latin1').replace(/x-amz-checksum-crc32:[^\r]+/, 'x-amz-checksum-crc32:AAAAAA=='),
      'latin1',
    );
    await expect(decode(forged, { signing, trailer: true })).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    const unsignedTrailer = Buffer.from(wire.toString('latin1').replace(/x-amz-trailer-signature:[^\r]+\r\n/, ''), 'latin1');
    await expect(decode(unsignedTrailer, { signing, trailer: true })).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('refuses malformed framing', async () => {
    await expect(decode(Buffer.from('zz\r\nab\r\n0\r\n\r\n'), { trailer: false })).rejects.toMatchObject({
      code: 'InvalidRequest',
    });
    await expect(decode(Buffer.from('2\r\nabc\r\n0\r\n\r\n'), { trailer: false })).rejects.toMatchObject({
      code: 'InvalidRequest',
    });
    await expect(
      decode(Buffer.from('2\r\nab\r\n0\r\n\r\n'), { signing: exampleSigning(), trailer: false }),
    ).rejects.toMatchObject({
      code: 'InvalidRequest',
    });
  });
});

describe('checksums', () => {
  it('computes CRC-32C and checks a body against an expected checksum', async () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.from('56789'), crc32c(Buffer.from('1234')))).toBe(0xe3069283);
    const run = (verifier: ChecksumVerifier) =>
      pipeline(Readable.from([Buffer.from('1234'), Buffer.from('56789')]), verifier, new Writable({ write: (_c, _e, d) => d() }));
    // CRC-32 of "123456789" is 0xCBF43926.
    const good = new ChecksumVerifier('crc32', Buffer.from('cbf43926', 'hex').toString('base64'));
    await run(good);
    expect(good.value).toBe(Buffer.from('cbf43926', 'hex').toString('base64'));
    const late = new ChecksumVerifier('crc32c');
    late.expect(Buffer.from('e3069283', 'hex').toString('base64'));
    await run(late);
    await expect(run(new ChecksumVerifier('sha256', 'AAAA'))).rejects.toMatchObject({ code: 'BadDigest' });
  });
});
