import { describe, expect, it } from 'vitest';
import { geometry, MAX_SCROLL_PX, rowWindow, scrollTopFor } from '../../../renderer/src/features/datasets/scaled-window';

const ROW = 36;
const VIEW = 600;

describe('the object list past the browser’s height limit', () => {
  it('gives short lists their real height and positions', () => {
    expect(geometry(1000, ROW, VIEW)).toEqual({ scrollHeight: 36_000, scale: 1 });
    const w = rowWindow(3600, 1000, ROW, VIEW, 2);
    expect([w.first, w.lastVisible, w.last]).toEqual([98, 116, 118]);
    expect(w.top(100)).toBe(3600);
  });

  it('keeps a million rows under the limit, and the bottom of the scrollbar shows the last row', () => {
    const count = 1_000_001;
    const { scrollHeight } = geometry(count, ROW, VIEW);
    expect(scrollHeight).toBe(MAX_SCROLL_PX);
    const bottom = rowWindow(scrollHeight - VIEW, count, ROW, VIEW, 0);
    expect(bottom.lastVisible).toBe(count - 1);
    // The last row ends exactly at the bottom of the viewport, one row height below its neighbour.
    expect(bottom.top(count - 1) + ROW).toBeCloseTo(scrollHeight, 3);
    expect(bottom.top(count - 1) - bottom.top(count - 2)).toBeCloseTo(ROW, 6);
  });

  it('scrolls a row fully into view from anywhere (keyboard moves), and not when it is already visible', () => {
    const count = 1_000_001;
    for (const index of [0, 400_000, 932_100, count - 1]) {
      const to = scrollTopFor(index, 0, count, ROW, VIEW) ?? 0;
      const w = rowWindow(to, count, ROW, VIEW, 0);
      expect(w.top(index) - to).toBeGreaterThanOrEqual(-0.001);
      expect(w.top(index) + ROW - to).toBeLessThanOrEqual(VIEW + 0.001);
    }
    expect(scrollTopFor(5, 0, count, ROW, VIEW)).toBeNull();
  });
});
