import { beforeEach, describe, expect, it } from 'vitest';
import { LOG_KEEP_CHARS, newestFirst, useRuns } from '../../../renderer/src/stores/runs-store';
import { useEnvs } from '../../../renderer/src/stores/runs-envs-store';
import { useRunsView } from '../../../renderer/src/stores/runs-view-store';
import { metric, runOf } from './runs-fixtures';

const point = (key: string, step: number, value: number) => ({ key, step, time: 1000 + step, value });

beforeEach(() => {
  useRuns.setState({ byId: {}, details: {}, series: {}, logs: {}, loaded: false, error: null });
});

describe('the runs store', () => {
  it('lists runs newest first and replaces a changed run', () => {
    const { load, upsert } = useRuns.getState();
    load([runOf('old', { createdAt: '2026-01-01T00:00:00Z' }), runOf('new', { createdAt: '2026-02-01T00:00:00Z' })]);
    upsert(runOf('old', { createdAt: '2026-01-01T00:00:00Z', status: 'failed' }));
    const list = newestFirst(useRuns.getState().byId);
    expect(list.map((r) => r.id)).toEqual(['new', 'old']);
    expect(list[1]?.status).toBe('failed');
  });

  it('keeps the table figures current from live points, and extends only the charts that were fetched', () => {
    const s = useRuns.getState();
    s.load([runOf('a', { metrics: { loss: { ...metric(0.9, 0.9, 1.2), step: 1 } } }), runOf('b')]);
    s.setSeries(['a'], [{ runId: 'a', key: 'loss', step: [1], time: [1001], value: [0.9], total: 1 }]);
    s.addPoints('a', [point('loss', 2, 0.5), point('loss', 3, 1.5), point('accuracy', 3, 0.8)]);
    s.addPoints('b', [point('loss', 1, 0.7)]);
    const { byId, series } = useRuns.getState();
    expect(byId.a?.metrics.loss).toMatchObject({ last: 1.5, min: 0.5, max: 1.5 });
    expect(byId.a?.metrics.accuracy).toMatchObject({ last: 0.8, min: 0.8, max: 0.8, count: 1 });
    expect(series.a?.loss?.value).toEqual([0.9, 0.5, 1.5]);
    expect(series.a?.accuracy?.step).toEqual([3]);
    expect(series.b).toBeUndefined();
    expect(byId.b?.metrics.loss?.last).toBe(0.7);
  });

  it('keeps a late point in step order', () => {
    const s = useRuns.getState();
    s.setSeries(['a'], []);
    s.addPoints('a', [point('loss', 1, 1), point('loss', 3, 3), point('loss', 2, 2)]);
    expect(useRuns.getState().series.a?.loss?.step).toEqual([1, 2, 3]);
  });

  it('follows the log of an opened run, keeping its tail', () => {
    const s = useRuns.getState();
    s.appendLog('a', 'ignored: not opened\n');
    expect(useRuns.getState().logs.a).toBeUndefined();
    s.setLog('a', { text: 'epoch 1\n', truncated: false });
    s.appendLog('a', 'epoch 2\n');
    expect(useRuns.getState().logs.a).toEqual({ text: 'epoch 1\nepoch 2\n', truncated: false });
    s.appendLog('a', 'x'.repeat(LOG_KEEP_CHARS));
    const log = useRuns.getState().logs.a;
    expect(log?.text.length).toBe(LOG_KEEP_CHARS);
    expect(log?.truncated).toBe(true);
  });

  it('forgets everything of a deleted run', () => {
    const s = useRuns.getState();
    s.load([runOf('a')]);
    s.setSeries(['a'], []);
    s.setLog('a', { text: '', truncated: false });
    s.remove('a');
    const state = useRuns.getState();
    expect([state.byId.a, state.series.a, state.logs.a]).toEqual([undefined, undefined, undefined]);
  });
});

describe('the runs view', () => {
  it('sorts numbers largest first, then smallest, then back to the table order', () => {
    const v = useRunsView.getState();
    v.toggleSort('metric:accuracy:last', true);
    expect(useRunsView.getState().sort).toEqual({ column: 'metric:accuracy:last', descending: true });
    v.toggleSort('metric:accuracy:last', true);
    expect(useRunsView.getState().sort).toEqual({ column: 'metric:accuracy:last', descending: false });
    v.toggleSort('metric:accuracy:last', true);
    expect(useRunsView.getState().sort).toBeNull();
    v.toggleSort('name', false);
    expect(useRunsView.getState().sort).toEqual({ column: 'name', descending: false });
  });

  it('ticks and unticks runs for comparison, in order', () => {
    const v = useRunsView.getState();
    v.toggleSelected('b');
    v.toggleSelected('a');
    v.toggleSelected('b');
    v.toggleSelected('c');
    expect(useRunsView.getState().selected).toEqual(['a', 'c']);
  });
});

describe('the environments store', () => {
  it('moves the default mark to the environment made default', () => {
    const env = (id: string, isDefault: boolean) =>
      ({ id, name: id, isDefault }) as unknown as Parameters<ReturnType<typeof useEnvs.getState>['upsertEnv']>[0];
    useEnvs.getState().setEnvs([env('a', true), env('b', false)]);
    useEnvs.getState().upsertEnv(env('b', true));
    expect(useEnvs.getState().envs.map((e) => [e.id, e.isDefault])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});
