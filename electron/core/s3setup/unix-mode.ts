/**
 * UNIX permissions as ONTAP reports them: REST gives octal digits (755), the CLI may print the
 * symbolic form (---rwxr-xr-x) or four digits (0755). The wizard reasons on three octal digits.
 */
export function octalMode(mode: string | null): string | null {
  if (!mode) return null;
  const text = mode.trim();
  if (/^0?[0-7]{3}$/.test(text)) return text.slice(-3);
  const symbolic = /^-{0,3}([r-][w-][x-])([r-][w-][x-])([r-][w-][x-])$/.exec(text);
  if (!symbolic) return null;
  const digit = (rwx: string) => (rwx[0] === 'r' ? 4 : 0) + (rwx[1] === 'w' ? 2 : 0) + (rwx[2] === 'x' ? 1 : 0);
  return symbolic
    .slice(1, 4)
    .map((part) => String(digit(part)))
    .join('');
}

/** True when the permissions let "other" users write (what an S3 user mapped to the default UNIX user needs); null when unknown. */
export function othersMayWrite(mode: string | null): boolean | null {
  const octal = octalMode(mode);
  return octal === null ? null : (Number.parseInt(octal, 8) & 0o002) !== 0;
}
