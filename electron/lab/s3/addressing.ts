import { isIP } from 'node:net';
import { S3Error } from '../model/s3-errors';

/** Which bucket and key a request names, and how it named them. */
export interface S3Address {
  bucket: string | null;
  key: string | null;
  style: 'path' | 'virtual';
}

/** A bucket name that can be a DNS label sequence: what S3 accepts as a virtual-host subdomain. */
const DNS_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The host name of a Host header, lower-cased, without port or IPv6 brackets. */
export function hostName(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/** True when `name` may be the bucket part of a virtual-hosted request (S3's DNS-compatible names). */
export function isVirtualHostBucket(name: string): boolean {
  return (
    DNS_BUCKET.test(name) &&
    !name.includes('..') &&
    !name.includes('.-') &&
    !name.includes('-.') &&
    // An IPv4-looking name is never a bucket subdomain.
    isIP(name) === 0
  );
}

/** Decodes one percent-encoded part of a path; S3 answers InvalidURI to what cannot be decoded. */
export function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
}

/**
 * Splits a request into bucket and key. Virtual-hosted style applies only when the Host is
 * `<bucket>.<domain>` for one of the server's domains (e.g. `localhost`, or the object-store
 * server's name when it is a DNS name, as ONTAP uses it) and the subdomain is a DNS-compatible
 * bucket name; an IP address never carries a bucket. Everything else is path-style (`/bucket/key`).
 * `rawPath` is the path as received, still percent-encoded.
 */
export function resolveAddress(host: string | undefined, rawPath: string, domains: readonly string[]): S3Address {
  const name = hostName(host);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (name && isIP(name) === 0) {
    for (const domain of domains) {
      const d = domain.toLowerCase();
      if (!d || name === d || !name.endsWith(`.${d}`)) continue;
      const bucket = name.slice(0, -(d.length + 1));
      if (!isVirtualHostBucket(bucket)) continue;
      return { bucket, key: path === '' ? null : decodePathPart(path), style: 'virtual' };
    }
  }
  if (path === '') return { bucket: null, key: null, style: 'path' };
  const slash = path.indexOf('/');
  const bucket = decodePathPart(slash < 0 ? path : path.slice(0, slash));
  const rest = slash < 0 ? '' : path.slice(slash + 1);
  return { bucket, key: rest === '' ? null : decodePathPart(rest), style: 'path' };
}

/** The domains under which `<bucket>.<domain>` hosts are virtual-hosted requests. */
export function virtualHostDomains(serviceName: string): string[] {
  // ONTAP uses the object-store server's name as the FQDN clients put after the bucket.
  const fqdn = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(serviceName) ? [serviceName] : [];
  return ['localhost', ...fqdn];
}
