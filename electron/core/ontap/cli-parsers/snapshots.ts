import type { OntapClone, OntapSnapshot } from '../ontap-api';
import type { CliTableRow } from './table';
import { orNull } from './values';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * ONTAP's CLI time (`Sun Nov 22 02:29:10 2026`, the cluster's local time, as `snapshot show`
 * prints `create-time`) as ISO 8601; '' when unreadable. Read in this machine's time zone, which
 * is the cluster's for the lab; a remote cluster in another zone is off by the difference.
 */
export function parseCliTime(value: string | undefined): string {
  const text = orNull(value);
  const match = text ? /^(?:\w{3}\s+)?(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text) : null;
  if (!match) return '';
  const month = MONTHS.indexOf(match[1] as string);
  if (month < 0) return '';
  const [day, h, m, s, year] = [match[2], match[3], match[4], match[5], match[6]].map(Number) as number[];
  return new Date(year as number, month, day, h, m, s).toISOString();
}

/** Rows of `volume snapshot show -fields create-time,instance-uuid,comment` as snapshots, oldest first. */
export function snapshotsFromRows(rows: CliTableRow[]): OntapSnapshot[] {
  return rows
    .map((r) => ({
      uuid: r.cells['instance-uuid'] ?? '',
      name: r.cells.snapshot ?? '',
      createTime: parseCliTime(r.cells['create-time']),
      comment: orNull(r.cells.comment) ?? '',
    }))
    .sort((a, b) => a.createTime.localeCompare(b.createTime));
}

/** Rows of `volume clone show -fields parent-vserver,parent-volume,parent-snapshot,junction-path` as clones. */
export function clonesFromRows(rows: CliTableRow[]): OntapClone[] {
  return rows.map((r) => {
    const svm = r.cells.vserver ?? '';
    return {
      svm,
      name: r.cells.flexclone ?? '',
      junctionPath: orNull(r.cells['junction-path']),
      parentSvm: orNull(r.cells['parent-vserver']) ?? svm,
      parentVolume: orNull(r.cells['parent-volume']) ?? '',
      parentSnapshot: orNull(r.cells['parent-snapshot']) ?? '',
    };
  });
}
