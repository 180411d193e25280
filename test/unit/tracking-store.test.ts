import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../electron/core/tracking/migrations';
import { APP_STOPPED, TRACKING_DB, TrackingStore, type NewRun } from '../../electron/core/tracking/tracking-store';
import { tempDir } from '../support/temp-dir';

const dirs: { remove(): void }[] = [];
const stores: TrackingStore[] = [];
afterEach(() => {
  stores.splice(0).forEach((s) => s.close());
  dirs.splice(0).forEach((d) => d.remove());
});

function open(): { store: TrackingStore; dir: string } {
  const dir = tempDir('tracking-');
  dirs.push(dir);
  const store = new TrackingStore(dir.path);
  stores.push(store);
  return { store, dir: dir.path };
}

const newRun = (id: string, extra: Partial<NewRun> = {}): NewRun => ({
  id,
  name: `run ${id}`,
  code: { kind: 'recipe', recipe: 'tyre-quality' },
  codeVersion: 'tyre-quality@1',
  datasetId: 'd1',
  datasetName: 'Tyres',
  params: { lr: 0.001, epochs: 2, augment: false, optimizer: 'adam' },
  envId: 'env-1',
  ...extra,
});

describe('the tracking store (SQLite)', () => {
  it('migrates an empty database to the newest schema in WAL mode, and reopens without migrating again', () => {
    const { store, dir } = open();
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.create(newRun('a'));
    store.close();
    const again = new TrackingStore(dir);
    stores.push(again);
    expect(again.list().map((r) => r.id)).toEqual(['a']);
    expect(migrate(again.db)).toBe(MIGRATIONS.length);
  });

  it('refuses a database from a newer app instead of damaging it', () => {
    const dir = tempDir('tracking-');
    dirs.push(dir);
    const db = new BetterSqlite3(join(dir.path, TRACKING_DB));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => new TrackingStore(dir.path)).toThrow(/newer than this app knows/);
  });

  it('runs appended migrations in order, once', () => {
    const db = new BetterSqlite3(':memory:');
    const order: string[] = [];
    const list = [
      { name: 'one', up: () => order.push('one') },
      { name: 'two', up: () => order.push('two') },
    ];
    expect(migrate(db, list.slice(0, 1))).toBe(1);
    expect(migrate(db, list)).toBe(2);
    expect(order).toEqual(['one', 'two']);
    db.close();
  });

  it('keeps each metric’s summary (last, min, max, step of the last, count) in step with its points', () => {
    const { store } = open();
    store.create(newRun('a'));
    store.addMetrics('a', [
      { key: 'loss', step: 1, time: 1, value: 0.9 },
      { key: 'loss', step: 2, time: 2, value: 0.3 },
    ]);
    store.addMetrics('a', [{ key: 'loss', step: 3, time: 3, value: 0.5 }]);
    expect(store.summary('a').metrics).toEqual({ loss: { last: 0.5, min: 0.3, max: 0.9, step: 3, count: 3 } });
    expect(store.series('a', 'loss', 10)).toEqual({ step: [1, 2, 3], time: [1, 2, 3], value: [0.9, 0.3, 0.5], total: 3 });
  });

  it('never overwrites an ended run’s outcome, and marks runs an earlier process left active as crashed', () => {
    const { store } = open();
    store.create(newRun('a'));
    store.create(newRun('b'));
    store.markRunning('a');
    expect(store.markInterrupted().sort()).toEqual(['a', 'b']);
    expect(store.finish('a', 'cancelled', { error: 'late' })).toBe(false);
    expect(store.summary('a')).toMatchObject({ status: 'crashed', error: APP_STOPPED, endedAt: expect.any(String) });
    expect(store.summary('b')).toMatchObject({ status: 'crashed', error: APP_STOPPED });
  });

  it('lists 10,000 runs with their params and metric summaries, newest first', () => {
    const { store } = open();
    const insert = store.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        store.create(newRun(`r${String(i).padStart(5, '0')}`, { params: { lr: i / 1e5, epochs: 2, seed: i, batch_size: 64 } }));
        store.addMetrics(`r${String(i).padStart(5, '0')}`, [
          { key: 'train/loss', step: 1, time: i, value: 1 / (i + 1) },
          { key: 'test/accuracy', step: 1, time: i, value: 0.5 },
        ]);
      }
    });
    insert();
    const started = performance.now();
    const runs = store.list();
    const ms = performance.now() - started;
    console.log(`runs.list over 10,000 runs: ${ms.toFixed(0)} ms`);
    expect(runs).toHaveLength(10_000);
    expect(runs[0]!.metrics['train/loss']).toMatchObject({ count: 1 });
    expect(runs.find((r) => r.id === 'r00042')).toMatchObject({
      params: { seed: 42, lr: 42 / 1e5 },
      metrics: { 'test/accuracy': { last: 0.5 } },
    });
  });

  it('downsamples a 100,000-point series to the points asked for, spikes kept', () => {
    const { store } = open();
    store.create(newRun('a'));
    const points = Array.from({ length: 100_000 }, (_, i) => ({ key: 'loss', step: i, time: i, value: i === 31_337 ? 99 : 1 }));
    store.addMetrics('a', points);
    const started = performance.now();
    const series = store.series('a', 'loss', 2000);
    console.log(`runs.metrics of a 100,000-point series: ${(performance.now() - started).toFixed(0)} ms`);
    expect(series.total).toBe(100_000);
    expect(series.value.length).toBeLessThanOrEqual(2000);
    expect(series.step[series.value.indexOf(99)]).toBe(31_337);
  });

  it('answers the runs that read a snapshot, for lineage', () => {
    const { store } = open();
    store.create(newRun('a'));
    store.setVersion('a', {
      datasetId: 'd1',
      datasetName: 'Tyres',
      kind: 'snapshot',
      connectionId: 'lab',
      svm: 'svm1',
      volume: 'vol1',
      snapshot: 'wb-1',
      snapshotUuid: 'u',
      path: '',
      listingHash: null,
      label: 'vol1@wb-1',
    });
    expect(store.runsUsingSnapshot({ connectionId: 'lab', svm: 'svm1', volume: 'vol1', snapshot: 'wb-1' })).toEqual([
      { id: 'a', name: 'run a', status: 'queued', startedAt: null, models: [] },
    ]);
    expect(store.runsUsingSnapshot({ connectionId: 'lab', svm: 'svm1', volume: 'vol1', snapshot: 'other' })).toEqual([]);
  });

  it('deletes a run with everything it recorded', () => {
    const { store } = open();
    store.create(newRun('a'));
    store.addMetrics('a', [{ key: 'loss', step: 1, time: 1, value: 1 }]);
    store.addArtifact('a', { name: 'model.onnx', kind: 'model-onnx', path: '/x', bytes: 1 });
    expect(store.delete('a')).toBe(true);
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get()).toBe(0);
    expect(() => store.get('a')).toThrow(/There is no run a/);
  });
});
