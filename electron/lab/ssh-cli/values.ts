/** How the ONTAP CLI writes and reads sizes, permissions, times and patterns. */

import { wallClock, zoneOffsetMs } from '../../core/ontap/cli-parsers/wall-clock';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** A byte count as ONTAP shows it: `0B`, `180KB`, `5.70GB`, `971.9MB` (binary units). */
export function formatSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value >= 100 ? value.toFixed(1) : value.toFixed(2);
  return `${text}${UNITS[unit]}`;
}

/** Reads a size as ONTAP accepts it (`100`, `20m`, `10GB`, `1.5t`); undefined when it is not one. */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)b?$/i.exec(text.trim());
  if (!match) return undefined;
  const power = ' kmgtp'.indexOf((match[2] || ' ').toLowerCase());
  return Math.round(Number(match[1]) * 1024 ** power);
}

/** A part of a whole as ONTAP's `Used%` columns show it. */
export function percent(part: number, whole: number): string {
  return `${whole > 0 ? Math.min(100, Math.round((part * 100) / whole)) : 0}%`;
}

/** UNIX permissions as `volume show -fields unix-permissions` prints them: `---rwxr-xr-x`. */
export function modeString(mode: number): string {
  const bits = (n: number) => `${n & 4 ? 'r' : '-'}${n & 2 ? 'w' : '-'}${n & 1 ? 'x' : '-'}`;
  return `---${bits(mode >> 6)}${bits(mode >> 3)}${bits(mode)}`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const two = (n: number) => String(n).padStart(2, '0');

/** A time as ONTAP's CLI prints it: `Wed Feb 05 14:35:00 2025`, in the cluster's time zone. */
export function ontapTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return '-';
  const w = wallClock(new Date(iso), timeZone);
  return `${DAYS[w.weekday]} ${MONTHS[w.month]} ${two(w.day)} ${two(w.hour)}:${two(w.minute)}:${two(w.second)} ${w.year}`;
}

/** `cluster date show`'s date: `11/22/2026 04:48:10 +05:30`, the wall clock in the zone and its offset. */
export function ontapDate(d: Date, timeZone: string): string {
  const w = wallClock(d, timeZone);
  const offsetMin = Math.round(zoneOffsetMs(d.getTime(), timeZone) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${two(w.month + 1)}/${two(w.day)}/${w.year} ${two(w.hour)}:${two(w.minute)}:${two(w.second)} ${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}

/** A text value, with ONTAP's `-` for none. */
export function orDash(value: string | number | null | undefined): string {
  return value === undefined || value === null || value === '' ? '-' : String(value);
}

/**
 * Whether a value matches an ONTAP query value: `a|b` alternatives, `*` wildcards, a leading `!`
 * for "not"; case-insensitive, as ONTAP compares names.
 */
export function matchesQuery(value: string, query: string): boolean {
  const test = (alternative: string) => {
    const re = new RegExp(`^${alternative.replace(/[.+?^${}()[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
    return re.test(value);
  };
  const alternatives = query.split('|');
  const negated = alternatives.filter((a) => a.startsWith('!')).map((a) => a.slice(1));
  const positive = alternatives.filter((a) => !a.startsWith('!'));
  if (negated.some(test)) return false;
  return positive.length === 0 || positive.some(test);
}
