/**
 * The rows a virtualized list draws, for lists taller than a browser can scroll. Browsers cap an
 * element's height (Chromium at 2^25 ≈ 33.5 million px, Firefox lower), so a million 36 px rows —
 * 36 million px — cannot all be given their real position: a plain virtualizer (TanStack's included)
 * stops near row 930,000 and the rest can never be reached. Past the cap the scrollbar is scaled:
 * the scroll area is at most MAX_SCROLL_PX tall and a scroll position stands for a proportionally
 * larger offset in the list, while the rows on screen are still drawn one row height apart.
 */

/** The tallest scroll area we create, under every browser's limit. */
export const MAX_SCROLL_PX = 15_000_000;

/** What to draw for a scroll position. */
export interface RowWindow {
  /** The first and last row to render (overscan included). */
  first: number;
  last: number;
  /** The last row at least partly on screen (for "load more near the end"). */
  lastVisible: number;
  /** The height of the scroll area's content. */
  scrollHeight: number;
  /** Where row `index` goes inside the content, in px. */
  top(index: number): number;
}

/** The scroll area's height and how many list pixels one scrolled pixel stands for. */
export function geometry(count: number, rowHeight: number, viewport: number): { scrollHeight: number; scale: number } {
  const total = count * rowHeight;
  if (total <= MAX_SCROLL_PX) return { scrollHeight: total, scale: 1 };
  // Scaled so that the largest scroll position shows the list's last screenful exactly.
  return { scrollHeight: MAX_SCROLL_PX, scale: (total - viewport) / Math.max(1, MAX_SCROLL_PX - viewport) };
}

/** The rows to draw at a scroll position. */
export function rowWindow(scrollTop: number, count: number, rowHeight: number, viewport: number, overscan: number): RowWindow {
  const { scrollHeight, scale } = geometry(count, rowHeight, viewport);
  const listTop = Math.max(0, scrollTop) * scale;
  const firstVisible = Math.floor(listTop / rowHeight);
  const lastVisible = Math.min(count - 1, Math.floor((listTop + Math.max(viewport, 1) - 1) / rowHeight));
  return {
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(count - 1, lastVisible + overscan),
    lastVisible,
    scrollHeight,
    // Rows sit at their list offset relative to the scrolled-to point, so neighbours stay rowHeight apart.
    top: (index) => scrollTop + (index * rowHeight - listTop),
  };
}

/** The scroll position that brings a row fully on screen, or null when it already is. */
export function scrollTopFor(
  index: number,
  scrollTop: number,
  count: number,
  rowHeight: number,
  viewport: number,
): number | null {
  const { scale } = geometry(count, rowHeight, viewport);
  const listTop = scrollTop * scale;
  const rowTop = index * rowHeight;
  let wanted: number | null = null;
  if (rowTop < listTop) wanted = rowTop;
  else if (rowTop + rowHeight > listTop + viewport) wanted = rowTop + rowHeight - viewport;
  return wanted === null ? null : Math.max(0, wanted / scale);
}
