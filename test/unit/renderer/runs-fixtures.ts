import type { RunSummary } from '../../../shared/training';

/** A run summary for the runs view tests; `over` replaces any field. */
export function runOf(id: string, over: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    name: `run ${id}`,
    status: 'finished',
    code: { kind: 'recipe', recipe: 'tyre-quality' },
    codeVersion: 'tyre-quality@1',
    datasetId: 'd1',
    datasetName: 'Tyre quality (synthetic sample)',
    version: {
      datasetId: 'd1',
      datasetName: 'Tyre quality (synthetic sample)',
      kind: 'snapshot',
      connectionId: 'lab',
      svm: 'svm1',
      volume: 'vol1',
      snapshot: `wb-${id}`,
      snapshotUuid: null,
      path: 'tyres',
      listingHash: null,
      label: `vol1@wb-${id}`,
    },
    params: {},
    metrics: {},
    device: 'cpu',
    createdAt: '2026-11-22T01:00:00.000Z',
    startedAt: '2026-11-22T01:00:00.000Z',
    endedAt: '2026-11-22T01:01:30.000Z',
    error: null,
    ...over,
  };
}

/** A metric summary with last, min and max. */
export const metric = (last: number, min = last, max = last) => ({ last, min, max, step: 10, count: 10 });
