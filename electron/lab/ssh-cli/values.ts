/** How the ONTAP CLI writes and reads sizes, permissions, times and patterns. */

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

/** A time as ONTAP's CLI prints it: `Wed Feb 05 14:35:00 2025` (the lab's local time). */
export function ontapTime(iso: string | undefined): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${d.getFullYear()}`;
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
