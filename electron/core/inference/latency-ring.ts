/** How many recent request durations the percentiles are computed over. */
export const LATENCY_WINDOW = 1000;

/** The last `capacity` request durations, for p50/p95/p99 that follow the current load. */
export class LatencyRing {
  private readonly values: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity = LATENCY_WINDOW) {
    this.values = new Float64Array(capacity);
  }

  /** Records one duration in milliseconds, replacing the oldest when full. */
  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % this.values.length;
    this.size = Math.min(this.size + 1, this.values.length);
  }

  /** Nearest-rank percentiles over the window, rounded to 0.01 ms; null before the first request. */
  percentiles(): { p50: number; p95: number; p99: number } | null {
    if (this.size === 0) return null;
    const sorted = Array.from(this.values.subarray(0, this.size)).sort((a, b) => a - b);
    const at = (p: number) => Math.round(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100;
    return { p50: at(50), p95: at(95), p99: at(99) };
  }

  /** Forgets every duration (a new endpoint starts afresh). */
  clear(): void {
    this.next = 0;
    this.size = 0;
  }
}
