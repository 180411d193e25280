import { createHash } from 'node:crypto';
import type { ListedObject } from '../transfers/listing';

/**
 * The id of a dataset version: the endpoint, bucket, prefix and the listing's keys with their ETags.
 * The same data listed by any user or run gets the same id, so one cached copy serves them all;
 * any changed, added or removed object makes a new version.
 */
export function versionIdOf(endpoint: string, bucket: string, prefix: string, objects: readonly ListedObject[]): string {
  const hash = createHash('sha256').update(JSON.stringify([endpoint.replace(/\/+$/, ''), bucket, prefix]));
  for (const o of [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) hash.update(`\n${o.key}\t${o.etag}`);
  return hash.digest('hex').slice(0, 24);
}
