const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** A size as ONTAP users read it, in binary units: 1 GiB = 1024³ bytes. */
export function formatBytes(bytes: number): string {
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(n >= 100 ? 0 : 1)} ${UNITS[i]}`;
}

/** The units the wizard offers for a new volume's size, with their factor in bytes. */
export const SIZE_UNITS = { MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 } as const;

/** A size unit of the wizard. */
export type SizeUnit = keyof typeof SIZE_UNITS;

/** "100" and "GiB" → bytes, or null when the number is not a positive number. */
export function toBytes(amount: string, unit: SizeUnit): number | null {
  const n = Number(amount);
  if (!amount.trim() || !Number.isFinite(n) || n <= 0) return null;
  return Math.round(n * SIZE_UNITS[unit]);
}
