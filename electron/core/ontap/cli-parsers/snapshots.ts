import type { OntapClone, OntapSnapshot } from '../ontap-api';
import type { CliTableRow } from './table';
import { orNull } from './values';
import { zoneOffsetMs } from './wall-clock';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The UTC instant at which `timeZone`'s wall clock reads the given fields. Intl gives a zone's wall
 * clock for an instant but not the reverse, so the offset is measured at a first guess and again
 * at the corrected instant (right across daylight-saving changes, except inside the skipped hour).
 */
function zonedToUtc(fields: [number, number, number, number, number, number], timeZone: string): number {
  const wall = Date.UTC(...fields);
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

/**
 * ONTAP's CLI time (`Sun Nov 22 02:29:10 2026`, as `snapshot show` prints `create-time`) as ISO
 * 8601; '' when unreadable. The CLI prints the cluster's wall clock: `timeZone` is the cluster's
 * (`cluster date show -fields timezone`); without one (or an unknown one) this machine's is used.
 */
export function parseCliTime(value: string | undefined, timeZone?: string | null): string {
  const text = orNull(value);
  const match = text ? /^(?:\w{3}\s+)?(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text) : null;
  if (!match) return '';
  const month = MONTHS.indexOf(match[1] as string);
  if (month < 0) return '';
  const [day, h, m, s, year] = [match[2], match[3], match[4], match[5], match[6]].map(Number) as number[];
  const fields: [number, number, number, number, number, number] = [
    year as number,
    month,
    day as number,
    h as number,
    m as number,
    s as number,
  ];
  if (timeZone) {
    try {
      return new Date(zonedToUtc(fields, timeZone)).toISOString();
    } catch {
      // An unknown zone name (RangeError): fall back to this machine's zone below.
    }
  }
  return new Date(...fields).toISOString();
}

/** Rows of `volume snapshot show -fields create-time,instance-uuid,comment` as snapshots, oldest first; times read in `timeZone`. */
export function snapshotsFromRows(rows: CliTableRow[], timeZone?: string | null): OntapSnapshot[] {
  return rows
    .map((r) => ({
      uuid: r.cells['instance-uuid'] ?? '',
      name: r.cells.snapshot ?? '',
      createTime: parseCliTime(r.cells['create-time'], timeZone),
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
