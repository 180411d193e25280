/** One line of a chart: x and y of equal length, x ascending. */
export interface Line {
  x: number[];
  y: number[];
}

/**
 * Exponential moving average as TensorBoard draws it: `weight` 0 leaves the values as they are,
 * 0.99 smooths hard; debiased so the start does not lean towards zero. Non-finite values pass
 * through without disturbing the average.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return [...values];
  const w = Math.min(weight, 0.999);
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (!Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    count++;
    return last / (1 - w ** count);
  });
}

/**
 * Puts several lines on one x axis, as uPlot wants: the sorted union of the x values, and for each
 * line its y at those x (null where it has none, which the chart bridges).
 */
export function alignLines(lines: readonly Line[]): [number[], ...(number | null)[][]] {
  const xs = new Set<number>();
  for (const line of lines) for (const x of line.x) xs.add(x);
  const x = [...xs].sort((a, b) => a - b);
  const at = new Map(x.map((v, i) => [v, i]));
  const ys = lines.map((line) => {
    const y: (number | null)[] = new Array<number | null>(x.length).fill(null);
    line.x.forEach((v, i) => {
      const idx = at.get(v);
      if (idx !== undefined) y[idx] = line.y[i] ?? null;
    });
    return y;
  });
  return [x, ...ys];
}

/**
 * At most `max` points that keep the shape: the range is cut into max/2 buckets and each keeps
 * its lowest and highest value, in order, so spikes survive. Used when live points grow a series
 * past what the chart was fetched with.
 */
export function downsample(line: Line, max: number): Line {
  const n = line.x.length;
  if (n <= max || max < 4) return line;
  const buckets = Math.floor(max / 2);
  const size = n / buckets;
  const out: Line = { x: [], y: [] };
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor(b * size);
    const to = Math.min(n, Math.floor((b + 1) * size));
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if ((line.y[i] ?? 0) < (line.y[lo] ?? 0)) lo = i;
      if ((line.y[i] ?? 0) > (line.y[hi] ?? 0)) hi = i;
    }
    for (const i of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      out.x.push(line.x[i] ?? 0);
      out.y.push(line.y[i] ?? 0);
    }
  }
  return out;
}

/** The x of a series on the chosen axis: its steps, or seconds since its first point. */
export function xOf(series: { step: readonly number[]; time: readonly number[] }, axis: 'step' | 'time'): number[] {
  if (axis === 'step') return [...series.step];
  const start = series.time[0] ?? 0;
  return series.time.map((t) => t - start);
}

/** "1:05" or "1:02:03" for seconds since the start. */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Losses first (what one watches while training), then the rest by name. */
export function chartOrder(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => Number(b.includes('loss')) - Number(a.includes('loss')) || a.localeCompare(b));
}
