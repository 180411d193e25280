import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../electron/core/errors';
import { RestClient } from '../../electron/core/ontap/rest-client';
import { certificateIdentity } from '../../electron/core/ontap/tls-trust';

// The REST client never sends a request (and so never the password) to a server whose
// certificate failed verification: checked with a server that counts what reaches it.
let server: Server;
let port: number;
let cert: string;
const received: (string | undefined)[] = [];

beforeAll(async () => {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'cluster1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  cert = pems.cert;
  server = createServer({ cert: pems.cert, key: pems.private }, (req, res) => {
    received.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"cluster1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = (pinnedSha256: string | null) =>
  new RestClient({ host: '127.0.0.1', port, username: 'fsxadmin', password: 'secret-password', pinnedSha256 });

async function failure(pinned: string | null): Promise<WorkbenchError> {
  const c = client(pinned);
  try {
    const err = await c.get('/api/cluster').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbenchError);
    return err as WorkbenchError;
  } finally {
    c.close();
  }
}

describe('TLS trust of the REST client', () => {
  it('refuses a self-signed certificate with its fingerprint and subject, before sending anything', async () => {
    received.length = 0;
    const err = await failure(null);
    expect(err.code).toBe('TLS_UNTRUSTED');
    expect(err.details).toMatchObject({ ...certificateIdentity(cert), reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(received).toEqual([]);
  });

  it('accepts exactly the pinned certificate, and refuses it when another is pinned', async () => {
    received.length = 0;
    const other = 'AB:'.repeat(31) + 'AB';
    const changed = await failure(other);
    expect(changed.code).toBe('TLS_CERTIFICATE_CHANGED');
    expect(changed.details).toMatchObject({ sha256: certificateIdentity(cert).sha256, pinned: other });
    expect(received).toEqual([]);

    const pinned = client(certificateIdentity(cert).sha256);
    try {
      expect(await pinned.get('/api/cluster')).toEqual({ name: 'cluster1' });
    } finally {
      pinned.close();
    }
    expect(received).toEqual([`Basic ${Buffer.from('fsxadmin:secret-password').toString('base64')}`]);
  });
});
