import {
  matchesFilter,
  nextHref,
  pageOf,
  parseQuery,
  selectFields,
  selfHref,
  sortRecords,
  type CollectionQuery,
  type JsonRecord,
} from './query';
import type { RestReply, RestRequest } from './types';

/** How one kind of model record appears in the REST API. */
export interface RecordView<T> {
  /** Fields every answer keeps, whatever `fields=` says (ONTAP's identifying fields). */
  keys: readonly string[];
  /** The record's own address, for `_links.self`. */
  href(record: T): string;
  /** The REST record: model fields as ONTAP names them; secrets never appear here. */
  toRest(record: T): JsonRecord;
  /** Lab-only extensions, shown only when `fields=` names them. */
  hidden?: readonly string[];
}

function render<T>(view: RecordView<T>, record: T, full: JsonRecord, fields: string[] | 'all'): JsonRecord {
  const selected = selectFields(full, fields, view.keys);
  const wildcard = fields === 'all' || fields.includes('*') || fields.includes('**');
  if (wildcard) {
    for (const name of view.hidden ?? []) if (fields === 'all' || !fields.includes(name)) delete selected[name];
  }
  return { ...selected, _links: { self: { href: view.href(record) } } };
}

/** One record as a client asked for it (`fields=`; all fields when absent, as a single GET gives). */
export function renderRecord<T>(view: RecordView<T>, record: T, query?: CollectionQuery): JsonRecord {
  return render(view, record, view.toRest(record), query?.fields ?? 'all');
}

/** The body of a collection: `{records, num_records, _links}` (ONTAP's shape). */
export function collectionBody(records: JsonRecord[], self?: string): JsonRecord {
  return { records, num_records: records.length, ...(self ? { _links: { self: { href: self } } } : {}) };
}

/** The SVM an `X-Dot-SVM-UUID` / `X-Dot-SVM-Name` header scopes a request to, as a filter. */
function svmScope(req: RestRequest): { path: string; expression: string } | undefined {
  const uuid = req.headers['x-dot-svm-uuid'];
  if (typeof uuid === 'string' && uuid) return { path: 'svm.uuid', expression: uuid };
  const name = req.headers['x-dot-svm-name'];
  if (typeof name === 'string' && name) return { path: 'svm.name', expression: name };
  return undefined;
}

/**
 * Answers a collection GET: filters on any field, `order_by`, `max_records` with `_links.next`,
 * `fields=` (key fields only when absent, plus the fields the query filtered on, as ONTAP does),
 * and `return_records=false` for a count alone.
 */
export function listReply<T>(
  view: RecordView<T>,
  items: readonly T[],
  req: RestRequest,
  extra: readonly string[] = [],
): RestReply {
  const query = parseQuery(req.query, extra);
  const rows = items.map((item) => ({ item, full: view.toRest(item) }));
  const scope = svmScope(req);
  const matching = rows.filter(
    (row) =>
      (!scope || !('svm' in row.full) || matchesFilter(row.full, scope)) &&
      query.filters.every((f) => matchesFilter(row.full, f)),
  );
  const sorted = sortRecords(matching, query.orderBy, (row) => row.full);
  const self = selfHref(req.path, req.query);
  if (query.returnRecords === false)
    return { status: 200, body: { num_records: sorted.length, _links: { self: { href: self } } } };
  const page = pageOf(sorted, query.offset, query.maxRecords);
  const fields = [...(query.fields ?? []), ...query.filters.map((f) => f.path)];
  const records = page.records.map((row) => render(view, row.item, row.full, fields));
  const links: JsonRecord = { self: { href: self } };
  if (page.nextOffset !== null) links.next = { href: nextHref(req.path, req.query, page.nextOffset) };
  return { status: 200, body: { records, num_records: records.length, _links: links } };
}

/** Answers a single-record GET. */
export function recordReply<T>(view: RecordView<T>, item: T, req: RestRequest): RestReply {
  return { status: 200, body: renderRecord(view, item, parseQuery(req.query)) };
}
