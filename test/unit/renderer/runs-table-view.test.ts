import { describe, expect, it } from 'vitest';
import { isVisible, runColumns, runKeys } from '../../../renderer/src/features/runs/run-columns';
import { filterRuns, parseCellFilter, sortRuns, viewRuns } from '../../../renderer/src/features/runs/run-filter';
import { metric, runOf } from './runs-fixtures';

const runs = [
  runOf('a', { name: 'baseline', params: { lr: 0.001, epochs: 2 }, metrics: { accuracy: metric(0.91, 0.5, 0.93) } }),
  runOf('b', { name: 'fast lr', params: { lr: 0.01, epochs: 2, optimizer: 'sgd' }, metrics: { accuracy: metric(0.72) } }),
  runOf('c', { name: 'still going', status: 'running', endedAt: null, params: { lr: 0.0001 }, metrics: {} }),
];
const columns = runColumns(runs);
const col = (id: string) => columns.find((c) => c.id === id);
const ids = (list: { id: string }[]) => list.map((r) => r.id);

describe('the runs table columns', () => {
  it('has a column per parameter and last/min/max per metric, over all runs', () => {
    expect(runKeys(runs)).toEqual({ params: ['epochs', 'lr', 'optimizer'], metrics: ['accuracy'] });
    expect(columns.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'param:lr',
        'param:optimizer',
        'metric:accuracy:last',
        'metric:accuracy:min',
        'metric:accuracy:max',
      ]),
    );
    expect(col('metric:accuracy:max')?.value(runs[0]!)).toBe(0.93);
    expect(col('metric:accuracy:last')?.text(runs[2]!)).toBe('—');
  });

  it('treats a parameter as a number only when every run has a number', () => {
    expect(col('param:lr')?.numeric).toBe(true);
    expect(col('param:optimizer')?.numeric).toBe(false);
  });

  it('shows last by default, min and max on request, and always the run name', () => {
    expect(isVisible(col('metric:accuracy:last')!, {})).toBe(true);
    expect(isVisible(col('metric:accuracy:min')!, {})).toBe(false);
    expect(isVisible(col('metric:accuracy:min')!, { 'metric:accuracy:min': true })).toBe(true);
    expect(isVisible(col('name')!, { name: false })).toBe(true);
  });

  it('computes the duration of ended runs only', () => {
    expect(col('duration')?.text(runs[0]!)).toBe('1 min 30 s');
    expect(col('duration')?.value(runs[2]!)).toBeNull();
  });
});

describe('column filters', () => {
  it('reads comparisons, ranges and text', () => {
    const gt = parseCellFilter('> 0.9')!;
    expect([gt(0.91), gt(0.9), gt(null), gt('0.95')]).toEqual([true, false, false, true]);
    const range = parseCellFilter('1e-4..1e-3')!;
    expect([range(0.0001), range(0.001), range(0.01)]).toEqual([true, true, false]);
    const ne = parseCellFilter('!= 2')!;
    expect([ne(2), ne(3)]).toEqual([false, true]);
    const text = parseCellFilter('SGD')!;
    expect([text('sgd'), text('adam'), text(null)]).toEqual([true, false, false]);
    expect(parseCellFilter('   ')).toBeNull();
  });

  it('treats a comparison with no number as text', () => {
    expect(parseCellFilter('> abc')!('x > abc y')).toBe(true);
  });

  it('keeps runs passing every column filter and every word of the search', () => {
    expect(ids(filterRuns(runs, columns, { search: '', filters: { 'metric:accuracy:last': '> 0.8' } }))).toEqual(['a']);
    expect(ids(filterRuns(runs, columns, { search: 'lr=0.01', filters: {} }))).toEqual(['b']);
    expect(ids(filterRuns(runs, columns, { search: 'running still', filters: {} }))).toEqual(['c']);
    expect(ids(filterRuns(runs, columns, { search: 'vol1@wb-a', filters: {} }))).toEqual(['a']);
    expect(ids(filterRuns(runs, columns, { search: 'FAST', filters: { 'param:epochs': '2' } }))).toEqual(['b']);
  });
});

describe('sorting', () => {
  it('sorts numbers as numbers and puts runs without a value last in both directions', () => {
    const acc = col('metric:accuracy:last');
    expect(ids(sortRuns(runs, acc, false))).toEqual(['b', 'a', 'c']);
    expect(ids(sortRuns(runs, acc, true))).toEqual(['a', 'b', 'c']);
    expect(ids(sortRuns(runs, col('param:lr'), false))).toEqual(['c', 'a', 'b']);
  });

  it('sorts text naturally and keeps ties in their order', () => {
    const named = [runOf('1', { name: 'run 10' }), runOf('2', { name: 'run 9' }), runOf('3', { name: 'Run 9' })];
    expect(ids(sortRuns(named, col('name'), false))).toEqual(['2', '3', '1']);
  });

  it('filters then sorts 10,000 runs', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      runOf(String(i), { params: { lr: (i % 100) / 1000 }, metrics: { accuracy: metric((i % 1000) / 1000) } }),
    );
    const cols = runColumns(many);
    const rows = viewRuns(many, cols, {
      search: '',
      filters: { 'metric:accuracy:last': '>= 0.99' },
      sort: { column: 'metric:accuracy:last', descending: true },
    });
    expect(rows).toHaveLength(100);
    expect(rows[0]!.metrics.accuracy!.last).toBe(0.999);
    expect(rows.at(-1)!.metrics.accuracy!.last).toBe(0.99);
  });
});
