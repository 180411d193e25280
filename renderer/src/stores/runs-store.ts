import { create } from 'zustand';
import type { MetricSeries, RunDetail, RunSummary } from '../../../shared/training';

/** A metric's points as the charts draw them. */
export interface SeriesPoints {
  step: number[];
  time: number[];
  value: number[];
  /** How many points the run recorded (more than drawn when downsampled). */
  total: number;
}

/** A live metric point. */
export interface LivePoint {
  key: string;
  step: number;
  time: number;
  value: number;
}

/** A run's log as far as it has been read. */
export interface RunLog {
  text: string;
  /** The beginning was left out (only the tail was read, or the log grew past what is kept). */
  truncated: boolean;
}

/** The most log text kept per run: the tail a scientist reads; the whole log stays on disk. */
export const LOG_KEEP_CHARS = 400_000;

interface RunsState {
  byId: Record<string, RunSummary>;
  loaded: boolean;
  error: string | null;
  /** Full records of the runs opened in detail. */
  details: Record<string, RunDetail>;
  /** runId → metric key → points, for the runs whose charts were fetched (others ignore live points). */
  series: Record<string, Record<string, SeriesPoints>>;
  logs: Record<string, RunLog>;
  load(runs: RunSummary[]): void;
  upsert(run: RunSummary): void;
  remove(id: string): void;
  setError(message: string): void;
  setDetail(detail: RunDetail): void;
  setSeries(runIds: string[], series: MetricSeries[]): void;
  addPoints(runId: string, points: LivePoint[]): void;
  setLog(runId: string, log: RunLog): void;
  appendLog(runId: string, text: string): void;
}

/** The summary figures of a metric after more points arrived, as the backend would compute them. */
export function summarize(
  before: RunSummary['metrics'][string] | undefined,
  points: readonly LivePoint[],
): RunSummary['metrics'][string] {
  let s = before ? { ...before } : { last: NaN, min: Infinity, max: -Infinity, step: -Infinity, count: 0 };
  for (const p of points) {
    s = {
      min: Math.min(s.min, p.value),
      max: Math.max(s.max, p.value),
      count: s.count + 1,
      ...(p.step >= s.step ? { last: p.value, step: p.step } : { last: s.last, step: s.step }),
    };
  }
  return s;
}

/** Points appended to a series, kept in step order (live points normally arrive in order). */
export function appendSeries(before: SeriesPoints | undefined, points: readonly LivePoint[]): SeriesPoints {
  const out = before
    ? { step: [...before.step], time: [...before.time], value: [...before.value], total: before.total }
    : { step: [], time: [], value: [], total: 0 };
  for (const p of points) {
    const last = out.step.at(-1);
    if (last !== undefined && p.step < last) {
      const at = out.step.findIndex((s) => s > p.step);
      out.step.splice(at, 0, p.step);
      out.time.splice(at, 0, p.time);
      out.value.splice(at, 0, p.value);
    } else {
      out.step.push(p.step);
      out.time.push(p.time);
      out.value.push(p.value);
    }
    out.total++;
  }
  return out;
}

function byKey(points: readonly LivePoint[]): Map<string, LivePoint[]> {
  const groups = new Map<string, LivePoint[]>();
  for (const p of points) {
    const list = groups.get(p.key);
    if (list) list.push(p);
    else groups.set(p.key, [p]);
  }
  return groups;
}

/** Runs, their details, chart series and logs; fed by the events adapter and the runs pages' own fetches. */
export const useRuns = create<RunsState>((set) => ({
  byId: {},
  loaded: false,
  error: null,
  details: {},
  series: {},
  logs: {},
  load: (runs) => set({ byId: Object.fromEntries(runs.map((r) => [r.id, r])), loaded: true, error: null }),
  upsert: (run) => set((s) => ({ byId: { ...s.byId, [run.id]: run } })),
  remove: (id) =>
    set((s) => {
      const { [id]: _run, ...byId } = s.byId;
      const { [id]: _detail, ...details } = s.details;
      const { [id]: _series, ...series } = s.series;
      const { [id]: _log, ...logs } = s.logs;
      return { byId, details, series, logs };
    }),
  setError: (error) => set({ error, loaded: true }),
  setDetail: (detail) => set((s) => ({ details: { ...s.details, [detail.id]: detail } })),
  setSeries: (runIds, list) =>
    set((s) => {
      const series = { ...s.series };
      // Every asked-for run gets an entry, even without points yet, so live points start filling it.
      for (const id of runIds) series[id] = {};
      for (const one of list) {
        series[one.runId] = {
          ...series[one.runId],
          [one.key]: { step: one.step, time: one.time, value: one.value, total: one.total },
        };
      }
      return { series };
    }),
  addPoints: (runId, points) =>
    set((s) => {
      const groups = byKey(points);
      const run = s.byId[runId];
      const patch: Partial<RunsState> = {};
      if (run) {
        const metrics = { ...run.metrics };
        for (const [key, list] of groups) metrics[key] = summarize(metrics[key], list);
        patch.byId = { ...s.byId, [runId]: { ...run, metrics } };
      }
      const tracked = s.series[runId];
      if (tracked) {
        const next = { ...tracked };
        for (const [key, list] of groups) next[key] = appendSeries(next[key], list);
        patch.series = { ...s.series, [runId]: next };
      }
      return patch;
    }),
  setLog: (runId, log) => set((s) => ({ logs: { ...s.logs, [runId]: log } })),
  appendLog: (runId, text) =>
    set((s) => {
      const before = s.logs[runId];
      if (!before) return s;
      const joined = before.text + text;
      const cut = joined.length > LOG_KEEP_CHARS;
      const log = { text: cut ? joined.slice(joined.length - LOG_KEEP_CHARS) : joined, truncated: before.truncated || cut };
      return { logs: { ...s.logs, [runId]: log } };
    }),
}));

/** The runs newest first, as the table starts. */
export function newestFirst(byId: Record<string, RunSummary>): RunSummary[] {
  return Object.values(byId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
