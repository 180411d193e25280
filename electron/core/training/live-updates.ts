import type { EventBus } from '../event-bus';
import type { MetricInput } from '../tracking/tracking-store';

/** Live metric and log events are sent at most this often per run (≤ 4 a second). */
export const LIVE_INTERVAL_MS = 250;
/** While a run goes, its summary (with fresh metric summaries) is republished this often. */
export const SUMMARY_INTERVAL_MS = 1_000;

/**
 * Batches a run's live metric points and log text into `runs.metrics` and `runs.log` events, and
 * asks for a `runs.changed` about once a second while anything arrives, so a chatty runner
 * cannot flood the UI.
 */
export class LiveUpdates {
  private points: MetricInput[] = [];
  private text = '';
  private dirty = false;
  private readonly flushTimer: NodeJS.Timeout;
  private readonly summaryTimer: NodeJS.Timeout;

  constructor(
    private readonly runId: string,
    private readonly bus: EventBus,
    private readonly publishSummary: () => void,
  ) {
    this.flushTimer = setInterval(() => this.flush(), LIVE_INTERVAL_MS);
    this.summaryTimer = setInterval(() => {
      if (!this.dirty) return;
      this.dirty = false;
      this.publishSummary();
    }, SUMMARY_INTERVAL_MS);
  }

  /** Queues metric points for the next batch. */
  metrics(points: MetricInput[]): void {
    this.points.push(...points);
    this.dirty = true;
  }

  /** Queues printed text for the next batch. */
  log(text: string): void {
    this.text += text;
  }

  /** Marks the summary as changed (params, env…) without new points. */
  touch(): void {
    this.dirty = true;
  }

  /** Sends what is queued now. */
  flush(): void {
    if (this.points.length) {
      const points = this.points;
      this.points = [];
      this.bus.publish('runs.metrics', { runId: this.runId, points });
    }
    if (this.text) {
      const text = this.text;
      this.text = '';
      this.bus.publish('runs.log', { runId: this.runId, text });
    }
  }

  /** Sends the rest and stops the timers. */
  close(): void {
    clearInterval(this.flushTimer);
    clearInterval(this.summaryTimer);
    this.flush();
  }
}
