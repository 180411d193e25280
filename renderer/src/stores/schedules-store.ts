import { create } from 'zustand';
import type { PipelineRun, Schedule } from '../../../shared/schedules';

interface SchedulesState {
  schedules: Schedule[];
  /** Pipeline runs by schedule id, newest first; absent until the schedule's history was opened. */
  history: Record<string, PipelineRun[]>;
  /** False until the first listing arrived, so the page can tell "none" from "not loaded yet". */
  loaded: boolean;
  error: string | null;
  setSchedules(schedules: Schedule[]): void;
  setHistory(scheduleId: string, runs: PipelineRun[]): void;
  /** A pipeline run started or changed: replace it in (or add it to) its schedule's history. */
  upsertRun(scheduleId: string, run: PipelineRun): void;
  setError(message: string): void;
}

/** Schedules and their pipeline runs, fed by the events adapter and the page's own calls. */
export const useSchedules = create<SchedulesState>((set) => ({
  schedules: [],
  history: {},
  loaded: false,
  error: null,
  setSchedules: (schedules) => set({ schedules, loaded: true, error: null }),
  setHistory: (scheduleId, runs) => set((s) => ({ history: { ...s.history, [scheduleId]: runs } })),
  upsertRun: (scheduleId, run) =>
    set((s) => {
      const runs = s.history[scheduleId];
      if (!runs) return {}; // not opened yet: it is read in full when it is
      const rest = runs.filter((r) => r.id !== run.id);
      const at = runs.findIndex((r) => r.id === run.id);
      const next = at >= 0 ? runs.map((r) => (r.id === run.id ? run : r)) : [run, ...rest];
      return { history: { ...s.history, [scheduleId]: next } };
    }),
  setError: (error) => set({ error, loaded: true }),
}));
