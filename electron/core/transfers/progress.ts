/** Formats a byte count for a progress line. */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 || u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** Counts bytes and files of a transfer and says how fast it goes and how long is left. */
export class TransferMeter {
  bytes = 0;
  files = 0;
  private readonly started: number;

  constructor(
    readonly totalBytes: number,
    readonly totalFiles: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** The progress line: files, bytes, rate and ETA. */
  message(verb: string): string {
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const rate = this.bytes / seconds;
    const left = this.totalBytes - this.bytes;
    const eta = rate > 0 && left > 0 ? ` · ${Math.ceil(left / rate)} s left` : '';
    return `${verb} ${this.files}/${this.totalFiles} files · ${formatBytes(this.bytes)} of ${formatBytes(this.totalBytes)} · ${formatBytes(rate)}/s${eta}`;
  }
}
