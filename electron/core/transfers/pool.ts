import { cancelledError } from '../errors';

/** How many transfers run at once unless the caller asks otherwise. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Runs `work` on every item with at most `concurrency` at a time. The first failure stops new
 * items from starting and is rethrown once the running ones settle; an aborted signal does the same
 * with a CANCELLED error, so no request outlives the call.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      if (signal?.aborted) {
        failure ??= { err: cancelledError('The transfer') };
        return;
      }
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (err) {
        failure ??= { err: signal?.aborted ? cancelledError('The transfer') : err };
      }
    }
  };
  const width = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: width }, worker));
  if (failure) throw (failure as { err: unknown }).err;
  if (signal?.aborted) throw cancelledError('The transfer');
}
