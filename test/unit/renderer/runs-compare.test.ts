import { describe, expect, it } from 'vitest';
import { metricRows, paramRows, parseCompareIds, versionRows } from '../../../renderer/src/features/runs/compare-rows';
import { confusionCells, formatPoints } from '../../../renderer/src/features/runs/confusion';
import { metric, runOf } from './runs-fixtures';

const a = runOf('a', { params: { lr: 0.001, epochs: 1, workers: 0 }, metrics: { loss: metric(0.4, 0.3, 0.7) } });
const b = runOf('b', { params: { lr: 0.01, epochs: 1, workers: 0 }, metrics: { loss: metric(0.5) } });
const c = runOf('c', { params: { lr: 0.001, epochs: 1 }, version: null, status: 'queued' });

describe('parameters side by side', () => {
  it('lists every parameter of any run, with — where a run has none', () => {
    const rows = paramRows([a, c], false);
    expect(rows.map((r) => r.key)).toEqual(['code', 'epochs', 'lr', 'workers']);
    expect(rows.find((r) => r.key === 'workers')?.values).toEqual(['0', '—']);
  });

  it('keeps only the differing ones on request', () => {
    expect(paramRows([a, b], true).map((r) => r.key)).toEqual(['lr']);
    expect(paramRows([a, a], true)).toEqual([]);
  });
});

describe('data versions and figures side by side', () => {
  it('names the dataset and snapshot of each run, and says when a queued run has none yet', () => {
    const rows = versionRows([a, c]);
    expect(rows.find((r) => r.key === 'version')?.values).toEqual(['vol1@wb-a', 'pinned when it starts']);
    expect(rows.find((r) => r.key === 'volume')?.values).toEqual(['svm1:vol1', '—']);
    expect(rows.find((r) => r.key === 'dataset')?.differs).toBe(false);
  });

  it('gives each metric its last value with its range, or the value alone when it never moved', () => {
    const rows = metricRows([a, b, c]);
    expect(rows).toEqual([{ key: 'loss', values: ['0.4 (0.3–0.7)', '0.5', '—'], differs: true }]);
  });

  it('reads the ids of a compare address', () => {
    expect(parseCompareIds('a, b,,a,c')).toEqual(['a', 'b', 'c']);
  });
});

describe('the confusion matrix', () => {
  it('gives each square its share of the true class', () => {
    const cells = confusionCells([
      [8, 2],
      [0, 0],
    ]);
    expect(cells).toEqual([
      { row: 0, col: 0, count: 8, share: 0.8, correct: true },
      { row: 0, col: 1, count: 2, share: 0.2, correct: false },
      { row: 1, col: 0, count: 0, share: 0, correct: false },
      { row: 1, col: 1, count: 0, share: 0, correct: true },
    ]);
  });

  it('says the ONNX difference in points', () => {
    expect(formatPoints(0)).toBe('0 points');
    expect(formatPoints(-0.28)).toBe('0.3 points');
    expect(formatPoints(1)).toBe('1.0 point');
  });
});
