/** What a Range header asks of an object of a given size. */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'range'; start: number; end: number }
  /** Answered 416 InvalidRange. */
  | { kind: 'unsatisfiable' };

/**
 * Reads a `Range: bytes=…` header as S3 does: one range, `a-b`, `a-` or the suffix `-n`; the end
 * is clamped to the object; a start past the end (or any range of an empty object) cannot be
 * satisfied. A header S3 would not understand (other units, several ranges, bad syntax) is
 * ignored and the whole object is sent, as HTTP allows.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return { kind: 'whole' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: Math.min(end, size - 1) };
}

/** The Content-Range value of a partial response. */
export function contentRange(start: number, end: number, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}
