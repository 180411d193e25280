/** A series as parallel arrays, ordered by step. */
export interface SeriesArrays {
  step: number[];
  time: number[];
  value: number[];
}

/**
 * Reduces a series to at most `maxPoints` points for a chart: the points are cut into
 * `maxPoints / 2` equal buckets and each keeps its lowest and highest value (in their order), so a
 * spike survives however long the run. A series already small enough comes back unchanged.
 */
export function downsample(series: SeriesArrays, maxPoints: number): SeriesArrays {
  const n = series.value.length;
  if (n <= maxPoints) return series;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: SeriesArrays = { step: [], time: [], value: [] };
  const take = (i: number) => {
    out.step.push(series.step[i]!);
    out.time.push(series.time[i]!);
    out.value.push(series.value[i]!);
  };
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = series.value[i]!;
      if (v < series.value[lo]!) lo = i;
      if (v > series.value[hi]!) hi = i;
    }
    if (lo === hi) take(lo);
    else if (lo < hi) {
      take(lo);
      take(hi);
    } else {
      take(hi);
      take(lo);
    }
  }
  return out;
}
