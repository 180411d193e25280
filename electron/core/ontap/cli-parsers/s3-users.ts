import { isNoEntries } from './cli-messages';
import { parseInstance, parseInstances } from './instance';
import { parseTable } from './table';
import { orNull, parseCliInteger } from './values';

/**
 * `vserver object-store-server user show` and the key lines of `user create` /
 * `regenerate-keys`. Current releases print a row per user with an `Access Key:` line under it;
 * older ones (and advanced privilege on some) add a `Secret Key:` line. Given a user's whole key
 * (`-vserver V -user U`) ONTAP answers with the detailed view instead; both are read here.
 */

/** An S3 user as `user show` lists it. */
export interface CliS3User {
  svm: string;
  name: string;
  id: number | null;
  accessKey: string | null;
  /** Only where the release prints `Secret Key:` in `user show`. */
  secretKey: string | null;
  comment: string;
}

/** Every user in a `user show` output (table or detailed view); [] for an empty result. */
export function parseS3UserShow(text: string): CliS3User[] {
  if (isNoEntries(text)) return [];
  const table = parseTable(text);
  if (table) {
    return table.rows.map((row) => ({
      svm: row.cells.Vserver ?? '',
      name: row.cells.User ?? '',
      id: parseCliInteger(row.cells.ID),
      accessKey: orNull(row.details['Access Key']),
      secretKey: orNull(row.details['Secret Key']),
      comment: row.details.Comment ?? '',
    }));
  }
  return parseInstances(text)
    .filter((r) => r.User !== undefined)
    .map((r) => ({
      svm: r.Vserver ?? '',
      name: r.User ?? '',
      id: parseCliInteger(r.ID),
      accessKey: orNull(r['Access Key']),
      secretKey: orNull(r['Secret Key']),
      comment: r.Comment ?? '',
    }));
}

/** The keys `user create` or `user regenerate-keys` printed; null when it printed no access key. */
export function parseS3Keys(text: string): { accessKey: string; secretKey: string | null } | null {
  const record = parseInstance(text);
  const accessKey = orNull(record?.['Access Key']);
  if (!accessKey) return null;
  return { accessKey, secretKey: orNull(record?.['Secret Key']) };
}
