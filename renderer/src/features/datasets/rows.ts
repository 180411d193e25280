import type { BrowseListPage } from '../../../../shared/datasets';
import { joinRows, type PagedRows, type RowList } from './row-pages';

/** One row of the browser: a folder (a common prefix) or an object, in the words the list shows. */
export interface BrowseRow {
  kind: 'folder' | 'object';
  /** The full key (or prefix, ending in /). */
  key: string;
  /** The part after the current prefix, as shown. */
  name: string;
  size: number | null;
  /** ISO date, or null for folders. */
  modified: string | null;
}

/** What the list is sorted by. */
export type SortKey = 'name' | 'size' | 'modified';

/** The sort and filter the user chose; both apply to the rows loaded so far. */
export interface RowView {
  sort: SortKey;
  descending: boolean;
  filter: string;
}

const IMAGE = /\.(jpe?g|png|webp|gif|bmp|tiff?)$/i;

/** True when the key names an image the backend can make a thumbnail of. */
export function isImage(key: string): boolean {
  return IMAGE.test(key);
}

// One collator for every comparison: calling localeCompare with options per pair is many times slower.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The rows in view order: folders first, then the chosen sort; the filter matches names
 * (case-insensitive). Name ascending is the listing's own order (S3 lists keys sorted), so the
 * usual view of a million rows is the loaded pages themselves: nothing is copied when a page
 * arrives. A sort or filter is the user's choice and costs one pass (or sort) over the rows.
 */
export function viewRows(folders: PagedRows, objects: PagedRows, view: RowView): RowList {
  const needle = view.filter.trim().toLowerCase();
  if (!needle && view.sort === 'name' && !view.descending) return joinRows(folders, objects);
  const keep = (rows: BrowseRow[]) => (needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows);
  const keptFolders = keep(folders.toArray());
  const keptObjects = keep(objects.toArray());
  if (view.sort === 'name' && !view.descending) return joinRows(keptFolders, keptObjects);
  const dir = view.descending ? -1 : 1;
  const by = (a: BrowseRow, b: BrowseRow): number => {
    if (view.sort === 'size') return ((a.size ?? 0) - (b.size ?? 0)) * dir;
    if (view.sort === 'modified') return (a.modified ?? '').localeCompare(b.modified ?? '') * dir;
    return collator.compare(a.name, b.name) * dir;
  };
  return joinRows(keptFolders.sort(by), keptObjects.sort(by));
}

/** The breadcrumb of a prefix: `a/b/` → [{label:'a', prefix:'a/'}, {label:'b', prefix:'a/b/'}]. */
export function crumbsOf(prefix: string): { label: string; prefix: string }[] {
  const parts = prefix.split('/').filter(Boolean);
  return parts.map((label, i) => ({ label, prefix: parts.slice(0, i + 1).join('/') + '/' }));
}

/** The prefix one level up (`a/b/` → `a/`, `a/` → ``). */
export function parentOf(prefix: string): string {
  const parts = prefix.split('/').filter(Boolean);
  return parts.length > 1 ? parts.slice(0, -1).join('/') + '/' : '';
}

/** "2026-11-22 01:30" from an ISO date, in local time. */
export function formatDate(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The rows of one listing page: its folders, then its objects. */
export function rowsOfPage(page: BrowseListPage): BrowseRow[] {
  return [
    ...page.folders.map((f): BrowseRow => ({ kind: 'folder', key: f.prefix, name: f.name, size: null, modified: null })),
    ...page.objects.map((o): BrowseRow => ({ kind: 'object', key: o.key, name: o.name, size: o.size, modified: o.lastModified })),
  ];
}
