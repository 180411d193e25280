import { invalid } from '../model/errors';

/**
 * ONTAP's collection query language, as pure functions: `fields=`, filters on any (nested) field
 * with `*` wildcards, `|` alternatives, `!`, `<`, `>`, `<=`, `>=`, `null`/`!null`, `order_by`,
 * `max_records` with a continuation link, and `return_records`. Hand-written because no library
 * speaks ONTAP's dialect; it is small and every rule is unit-tested.
 */

/** A JSON record as the REST API shows it. */
export type JsonRecord = Record<string, unknown>;

/** Query parameters that steer the API rather than filter records. */
export const CONTROL_PARAMS = new Set(['fields', 'max_records', 'return_records', 'return_timeout', 'order_by']);
/** The continuation parameter our `_links.next.href` carries (opaque to clients). */
export const START_PARAM = 'start.offset';
/** ONTAP's longest `return_timeout`, in seconds. */
export const MAX_RETURN_TIMEOUT = 120;

/** One `field=expression` filter. */
export interface Filter {
  path: string;
  expression: string;
}

/** A collection request's query, parsed. */
export interface CollectionQuery {
  /** `null` when `fields=` is absent; `*`/`**` kept as entries. */
  fields: string[] | null;
  filters: Filter[];
  orderBy: { path: string; descending: boolean }[];
  maxRecords: number | null;
  offset: number;
  /** `null` when absent: GET then returns records, POST does not. */
  returnRecords: boolean | null;
  /** Seconds a long operation may run before the call answers 202. */
  returnTimeout: number;
}

function positiveInteger(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min)
    throw invalid(`The value "${value}" is invalid for field "${name}" (<integer>).`, name, '262197');
  return n;
}

function booleanParam(name: string, value: string | null): boolean | null {
  if (value === null) return null;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(`The value "${value}" is invalid for field "${name}" (<boolean>).`, name, '262197');
}

/** Parses a request's query; `extra` names endpoint-specific parameters that are not filters. */
export function parseQuery(params: URLSearchParams, extra: readonly string[] = []): CollectionQuery {
  const fieldsParam = params.getAll('fields');
  const fields = fieldsParam.length
    ? fieldsParam
        .join(',')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : null;
  const filters: Filter[] = [];
  for (const [key, value] of params) {
    if (CONTROL_PARAMS.has(key) || key === START_PARAM || extra.includes(key)) continue;
    filters.push({ path: key, expression: value });
  }
  const orderBy = (params.get('order_by') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [path = '', direction = 'asc'] = s.split(/\s+/);
      if (direction !== 'asc' && direction !== 'desc')
        throw invalid(`The value "${s}" is invalid for field "order_by".`, 'order_by', '262197');
      return { path, descending: direction === 'desc' };
    });
  const max = params.get('max_records');
  const start = params.get(START_PARAM);
  const timeout = params.get('return_timeout');
  return {
    fields,
    filters,
    orderBy,
    maxRecords: max === null ? null : positiveInteger('max_records', max, 1),
    offset: start === null ? 0 : positiveInteger(START_PARAM, start, 0),
    returnRecords: booleanParam('return_records', params.get('return_records')),
    // ONTAP caps the wait at 120 s; asking for more waits as long as ONTAP would.
    returnTimeout: timeout === null ? 0 : Math.min(positiveInteger('return_timeout', timeout, 0), MAX_RETURN_TIMEOUT),
  };
}

/** Every value at a dotted path; arrays on the way fan out, as ONTAP matches `aggregates.name=x`. */
export function valuesAt(record: unknown, path: string): unknown[] {
  let current: unknown[] = [record];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (item !== null && typeof item === 'object' && part in item) next.push((item as JsonRecord)[part]);
      }
    }
    current = next;
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== undefined && v !== null);
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

function compare(value: unknown, operand: string): number | null {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const n = Number(operand);
    if (typeof value === 'number' && operand.trim() !== '' && !Number.isNaN(n)) return value - n;
    return null;
  }
  if (typeof value === 'string') return value < operand ? -1 : value > operand ? 1 : 0;
  return null;
}

function scalarMatches(value: unknown, pattern: string): boolean {
  if (value !== null && typeof value === 'object') return false;
  const text = String(value);
  return pattern.includes('*') ? globToRegExp(pattern).test(text) : text === pattern;
}

function alternativeMatches(values: unknown[], alternative: string): boolean {
  if (alternative === 'null') return values.length === 0;
  if (alternative === '!null') return values.length > 0;
  if (alternative.startsWith('!')) return values.length > 0 && !values.some((v) => scalarMatches(v, alternative.slice(1)));
  const op = /^(<=|>=|<|>)/.exec(alternative)?.[1];
  if (op) {
    const operand = alternative.slice(op.length);
    return values.some((v) => {
      const c = compare(v, operand);
      if (c === null) return false;
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    });
  }
  return values.some((v) => scalarMatches(v, alternative));
}

/** True when a record passes one filter; fields that are not set never match (except `null`). */
export function matchesFilter(record: JsonRecord, filter: Filter): boolean {
  const values = valuesAt(record, filter.path);
  return filter.expression.split('|').some((alternative) => alternativeMatches(values, alternative));
}

function orderValue(record: JsonRecord, path: string): unknown {
  return valuesAt(record, path)[0];
}

/** Unset values sort last; numbers numerically; the rest as text. */
function compareValues(x: unknown, y: unknown): number {
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

/** Sorts by `order_by` terms (numbers numerically, the rest as text); stable otherwise. */
export function sortRecords<T>(
  items: readonly T[],
  orderBy: CollectionQuery['orderBy'],
  recordOf: (item: T) => JsonRecord = (item) => item as JsonRecord,
): T[] {
  if (!orderBy.length) return [...items];
  return [...items].sort((a, b) => {
    for (const { path, descending } of orderBy) {
      const x = orderValue(recordOf(a), path);
      const y = orderValue(recordOf(b), path);
      const c = compareValues(x, y);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  });
}

function pick(source: unknown, parts: string[], target: JsonRecord): void {
  if (source === null || typeof source !== 'object' || Array.isArray(source)) return;
  const [head, ...rest] = parts;
  if (head === undefined || !(head in source)) return;
  const value = (source as JsonRecord)[head];
  if (!rest.length || value === null || typeof value !== 'object') {
    if (!rest.length) target[head] = structuredClone(value);
    return;
  }
  if (Array.isArray(value)) {
    const existing = Array.isArray(target[head]) ? (target[head] as JsonRecord[]) : value.map(() => ({}));
    value.forEach((item, i) => pick(item, rest, existing[i] as JsonRecord));
    target[head] = existing;
    return;
  }
  const child = (target[head] && typeof target[head] === 'object' ? target[head] : {}) as JsonRecord;
  pick(value, rest, child);
  if (Object.keys(child).length) target[head] = child;
}

/**
 * The part of a record a client asked for: `*`/`**` (or `all`) give every field; otherwise the
 * key fields plus each listed path (`a`, `a.b`, through arrays too). Unknown names select nothing.
 */
export function selectFields(record: JsonRecord, fields: string[] | 'all', keys: readonly string[]): JsonRecord {
  if (fields === 'all' || fields.includes('*') || fields.includes('**')) return structuredClone(record);
  const out: JsonRecord = {};
  for (const path of [...keys, ...fields]) pick(record, path.replace(/\.\*{1,2}$/, '').split('.'), out);
  return out;
}

/** A collection page and where the next one starts. */
export interface Page<T> {
  records: T[];
  nextOffset: number | null;
}

/** Cuts one page of `max_records` from `offset`. */
export function pageOf<T>(records: T[], offset: number, maxRecords: number | null): Page<T> {
  if (maxRecords === null) return { records: records.slice(offset), nextOffset: null };
  const end = offset + maxRecords;
  return { records: records.slice(offset, end), nextOffset: end < records.length ? end : null };
}

/** `_links.next.href`: the same request continued at `nextOffset`. */
export function nextHref(path: string, params: URLSearchParams, nextOffset: number): string {
  const next = new URLSearchParams(params);
  next.set(START_PARAM, String(nextOffset));
  return `${path}?${next.toString()}`;
}

/** `_links.self.href`: the request as made. */
export function selfHref(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
