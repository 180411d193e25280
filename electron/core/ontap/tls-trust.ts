import { X509Certificate } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type PeerCertificate, type TLSSocket } from 'node:tls';
import { cancelledError, WorkbenchError } from '../errors';
import { connectTimeout, networkError } from './network-errors';

/**
 * Certificate trust for the REST API: certificates are verified as usual (CA chain and host name);
 * one that fails is refused with TLS_UNTRUSTED carrying its SHA-256 fingerprint and subject, so the
 * user can compare and pin it. A pinned certificate is accepted only when it is exactly the one
 * presented; any other gets TLS_CERTIFICATE_CHANGED. Verification runs before a request is written,
 * so credentials never go to a server that failed it.
 */

/** A certificate as the user is shown it. */
export interface CertificateIdentity {
  /** SHA-256 of the DER certificate: upper-case hex pairs joined by colons. */
  sha256: string;
  subject: string;
}

/** How a verified connection came to be trusted. */
export type TrustedBy = 'ca' | 'pinned';

/** Where to connect, what is pinned, and for how long to wait. */
export interface TlsTarget {
  host: string;
  port: number;
  /** The pinned fingerprint (any case, with or without colons), or null to rely on the CA chain. */
  pinnedSha256: string | null;
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** A digest as ONTAP and browsers show fingerprints: `AB:CD:…`. */
export function formatFingerprint(digest: Buffer): string {
  return [...digest].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** Reads a SHA-256 fingerprint typed or pasted in any usual form; null when it is not one. */
export function normalizeFingerprint(text: string): string | null {
  // openssl prints `sha256 Fingerprint=AB:…`; browsers and ONTAP the hex pairs alone.
  const hex = text
    .trim()
    .replace(/^sha-?256\s*(fingerprint)?\s*[:=]?\s*/i, '')
    .replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return formatFingerprint(Buffer.from(hex, 'hex'));
}

/** `CN=cluster1, O=NetApp` from X.509's one-attribute-per-line form. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** The fingerprint and subject of a PEM certificate (the lab's, pinned by the app itself). */
export function certificateIdentity(pem: string): CertificateIdentity {
  const cert = new X509Certificate(pem);
  return { sha256: cert.fingerprint256, subject: oneLine(cert.subject) };
}

function peerIdentity(cert: PeerCertificate): CertificateIdentity & { issuer: string; validTo: string } {
  const x509 = new X509Certificate(cert.raw);
  return { sha256: x509.fingerprint256, subject: oneLine(x509.subject), issuer: oneLine(x509.issuer), validTo: x509.validTo };
}

const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it is signed by a self-signed authority this computer does not trust',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not known to this computer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not known to this computer',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for another name',
};

/**
 * Decides whether a freshly connected socket's certificate is trusted; throws TLS_UNTRUSTED or
 * TLS_CERTIFICATE_CHANGED (with the fingerprint and subject in `details`) when not.
 */
export function verifyPeer(socket: TLSSocket, target: Pick<TlsTarget, 'host' | 'port' | 'pinnedSha256'>): TrustedBy {
  const where = `${target.host}:${target.port}`;
  const cert = socket.getPeerCertificate();
  if (!cert?.raw) throw new WorkbenchError('TLS_UNTRUSTED', `${where} presented no certificate.`);
  const seen = peerIdentity(cert);
  const pinned = target.pinnedSha256 === null ? null : normalizeFingerprint(target.pinnedSha256);
  if (pinned !== null) {
    if (seen.sha256 === pinned) return 'pinned';
    throw new WorkbenchError(
      'TLS_CERTIFICATE_CHANGED',
      `Warning: the certificate of ${where} is not the one you trusted. It may have been renewed — or someone may be intercepting the connection.`,
      {
        hint: 'Do not connect until your storage administrator confirms that the cluster’s certificate was replaced; then compare the new fingerprint and trust it.',
        details: { ...seen, pinned },
      },
    );
  }
  if (socket.authorized) return 'ca';
  const code = String(socket.authorizationError ?? '');
  throw new WorkbenchError(
    'TLS_UNTRUSTED',
    `The certificate of ${where} is not trusted: ${REASONS[code] ?? code.toLowerCase().replace(/_/g, ' ')}.`,
    {
      hint: `ONTAP clusters usually present a self-signed certificate. Compare its SHA-256 fingerprint ${seen.sha256} (subject ${seen.subject}) with the one your storage administrator sees, then trust it for this connection.`,
      details: { ...seen, reason: code },
    },
  );
}

/**
 * Opens a TLS connection and verifies its certificate before handing it over; rejects with
 * HOST_UNREACHABLE, TLS_UNTRUSTED, TLS_CERTIFICATE_CHANGED or CANCELLED.
 */
export function connectVerified(target: TlsTarget): Promise<{ socket: TLSSocket; trustedBy: TrustedBy }> {
  const timeoutMs = target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    if (target.signal?.aborted) return reject(cancelledError('Connecting'));
    // Verification is ours (below), never switched off: rejectUnauthorized:false only lets us see why it failed.
    const socket = connect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      ...(isIP(target.host) ? {} : { servername: target.host }),
    });
    const fail = (err: unknown) => {
      cleanup();
      socket.destroy();
      reject(err instanceof WorkbenchError ? err : networkError(err, target, 'the cluster'));
    };
    const onAbort = () => fail(cancelledError('Connecting'));
    const onTimeout = () => fail(connectTimeout(timeoutMs));
    const cleanup = () => {
      socket.setTimeout(0);
      socket.off('timeout', onTimeout);
      socket.off('error', fail);
      target.signal?.removeEventListener('abort', onAbort);
    };
    socket.setTimeout(timeoutMs);
    socket.once('timeout', onTimeout);
    socket.once('error', fail);
    target.signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      let trustedBy: TrustedBy;
      try {
        trustedBy = verifyPeer(socket, target);
      } catch (err) {
        fail(err);
        return;
      }
      cleanup();
      resolve({ socket, trustedBy });
    });
  });
}

/** Connects, verifies, and reports the certificate without sending anything (the connection test's TLS step). */
export async function probeCertificate(
  target: TlsTarget,
): Promise<CertificateIdentity & { trustedBy: TrustedBy; protocol: string | null }> {
  const { socket, trustedBy } = await connectVerified(target);
  try {
    return { ...peerIdentity(socket.getPeerCertificate()), trustedBy, protocol: socket.getProtocol() };
  } finally {
    socket.destroy();
  }
}

/**
 * An HTTPS agent whose sockets are verified by connectVerified before any request is written on
 * them (node's Agent waits for the callback form of createConnection), kept alive for reuse.
 */
export class VerifyingAgent extends Agent {
  constructor(
    private readonly trust: Omit<TlsTarget, 'host' | 'port' | 'signal'>,
    options: AgentOptions = {},
  ) {
    super({ keepAlive: true, maxSockets: 4, ...options });
  }

  override createConnection(
    options: { host?: string | null; hostname?: string | null; port?: number | string | null },
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = options.hostname ?? options.host ?? 'localhost';
    const port = Number(options.port ?? 443);
    connectVerified({ ...this.trust, host, port }).then(
      ({ socket }) => callback?.(null, socket),
      (err: Error) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}
