/** How ONTAP's CLI writes values, read back: sizes, permissions, booleans, `-` for none. */

const UNITS: Record<string, number> = { '': 0, B: 0, KB: 1, MB: 2, GB: 3, TB: 4, PB: 5 };

/** A CLI value, or null for ONTAP's `-` (none). */
export function orNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '-' ? null : trimmed;
}

/**
 * A size as the CLI prints it (`10GB`, `218.5KB`, `0B`, raw `1073741824`) in bytes. Units are
 * binary, as ONTAP's are; a rounded display value gives a rounded byte count.
 */
export function parseCliSize(value: string | undefined): number | null {
  const text = orNull(value);
  if (text === null) return null;
  const match = /^(\d+(?:\.\d+)?)\s*([KMGTP]?B?)$/i.exec(text);
  if (!match) return null;
  let unit = (match[2] ?? '').toUpperCase();
  if (unit.length === 1 && unit !== 'B') unit += 'B';
  const power = UNITS[unit];
  if (power === undefined) return null;
  return Math.round(Number(match[1]) * 1024 ** power);
}

/**
 * UNIX permissions as octal digits (`755`), from the CLI's `---rwxr-xr-x` or from digits
 * (`0755`, `755`); null when unreadable.
 */
export function permissionsToOctal(value: string | undefined): string | null {
  const text = orNull(value);
  if (text === null) return null;
  if (/^0?[0-7]{3,4}$/.test(text)) return text.length === 4 && text.startsWith('0') ? text.slice(1) : text;
  const match = /^[-dlsStT]{0,3}([-r][-w][-xsS])([-r][-w][-xsS])([-r][-w][-xtT])$/.exec(text);
  if (!match) return null;
  const digit = (rwx: string) => (rwx[0] === 'r' ? 4 : 0) + (rwx[1] === 'w' ? 2 : 0) + (/[xst]/.test(rwx[2] ?? '') ? 1 : 0);
  return [match[1], match[2], match[3]].map((part) => String(digit(part as string))).join('');
}

/** `true`/`false` as the CLI prints them; null otherwise. */
export function parseCliBoolean(value: string | undefined): boolean | null {
  const text = orNull(value)?.toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** An integer, or null. */
export function parseCliInteger(value: string | undefined): number | null {
  const text = orNull(value);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}
