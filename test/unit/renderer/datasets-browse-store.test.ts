import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowseRow } from '../../../renderer/src/features/datasets/rows';
import { useBrowse } from '../../../renderer/src/stores/browse-store';

const place = { sourceId: 'src', bucket: '.', prefix: '' };
const page = (from: number): BrowseRow[] =>
  Array.from({ length: 3 }, (_, i) => ({ kind: 'object', key: `k${from + i}`, name: `k${from + i}`, size: 1, modified: null }));

describe('the browser’s loaded pages', () => {
  beforeEach(() => useBrowse.getState().goTo(place));

  it('appends each page once, in order, even when an answer arrives twice', () => {
    const s = () => useBrowse.getState();
    s().addPage(place, page(0), 't1', null);
    s().addPage(place, page(3), 't2', 't1');
    s().addPage(place, page(3), 't2', 't1'); // the same answer again: it no longer continues the list
    s().addPage(place, page(0), 't1', null); // nor does a second first page
    s().addPage(place, page(6), null, 't2');
    expect(
      s()
        .objects.toArray()
        .map((r) => r.key),
    ).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8']);
    expect(s().nextToken).toBeNull();
    expect(s().folders.length).toBe(0);
    expect(s().loading).toBe(false);
  });

  it('ignores a page for a place the user has left', () => {
    useBrowse.getState().goTo({ prefix: 'other/' });
    useBrowse.getState().addPage(place, page(0), 't1', null);
    expect(useBrowse.getState().objects.length).toBe(0);
  });

  it('keeps folders apart from objects, and the rows loaded before a page unchanged', () => {
    const s = () => useBrowse.getState();
    const folder: BrowseRow = { kind: 'folder', key: 'sub/', name: 'sub', size: null, modified: null };
    s().addPage(place, [folder, ...page(0)], 't1', null);
    const first = s().objects;
    s().addPage(place, page(3), null, 't1');
    expect(s().folders.toArray()).toEqual([folder]);
    expect(s().objects.length).toBe(6);
    expect(first.length).toBe(3); // a new list per page: what a render saw before stays as it was
    expect(s().objects.at(5)?.key).toBe('k5');
  });

  it('drops the rows when the user goes elsewhere', () => {
    useBrowse.getState().addPage(place, page(0), 't1', null);
    useBrowse.getState().goTo({ prefix: 'other/' });
    expect([useBrowse.getState().objects.length, useBrowse.getState().pages]).toEqual([0, 0]);
  });
});
