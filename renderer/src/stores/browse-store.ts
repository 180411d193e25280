import { create } from 'zustand';
import { PagedRows } from '../features/datasets/row-pages';
import type { BrowseRow, RowView } from '../features/datasets/rows';

/** Where the browser is: a source, a bucket and a prefix, and the pages of it loaded so far. */
export interface BrowsePlace {
  sourceId: string | null;
  bucket: string | null;
  prefix: string;
}

interface BrowseState extends BrowsePlace {
  /**
   * The folders (or buckets) loaded so far, in listing order, kept as the pages they came in:
   * appending a page to a million rows copies no rows (row-pages.ts).
   */
  folders: PagedRows;
  /** The objects loaded so far, in listing order, kept the same way. */
  objects: PagedRows;
  /** The token of the next page; null when every page is loaded. */
  nextToken: string | null;
  /** Pages loaded for this place; 0 before the first answer. */
  pages: number;
  loading: boolean;
  error: unknown;
  selected: number;
  view: RowView;
  /** Moves to a place; the rows of the old place are dropped. */
  goTo(place: Partial<BrowsePlace>): void;
  /**
   * A page arrived for the place it was asked for, continuing from `after` (the token it was asked
   * with; null for the first page). Pages for a place left since, or that do not continue from the
   * rows loaded now (an answer that arrives twice), are ignored.
   */
  addPage(place: BrowsePlace, rows: BrowseRow[], nextToken: string | null, after?: string | null): void;
  setLoading(loading: boolean): void;
  setError(error: unknown): void;
  select(index: number): void;
  setView(view: Partial<RowView>): void;
}

/** The object browser's place and loaded rows; kept while the user visits other pages. */
export const useBrowse = create<BrowseState>((set) => ({
  sourceId: null,
  bucket: null,
  prefix: '',
  folders: PagedRows.empty,
  objects: PagedRows.empty,
  nextToken: null,
  pages: 0,
  loading: false,
  error: null,
  selected: 0,
  view: { sort: 'name', descending: false, filter: '' },
  goTo: (place) =>
    set((s) => ({
      ...s,
      ...place,
      folders: PagedRows.empty,
      objects: PagedRows.empty,
      nextToken: null,
      pages: 0,
      error: null,
      selected: 0,
      loading: false,
    })),
  addPage: (place, rows, nextToken, after = null) =>
    set((s) => {
      const samePlace = s.sourceId === place.sourceId && s.bucket === place.bucket && s.prefix === place.prefix;
      const continues = s.pages === 0 ? after === null : after !== null && after === s.nextToken;
      if (!samePlace) return s;
      if (!continues) return { loading: false };
      const folders = s.folders.append(rows.filter((r) => r.kind === 'folder'));
      const objects = s.objects.append(rows.filter((r) => r.kind !== 'folder'));
      return { folders, objects, nextToken, pages: s.pages + 1, loading: false };
    }),
  setLoading: (loading) => set({ loading }),
  setError: (error) => set({ error, loading: false }),
  select: (selected) => set({ selected }),
  setView: (view) => set((s) => ({ view: { ...s.view, ...view }, selected: 0 })),
}));
