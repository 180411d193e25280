import { describe, expect, it } from 'vitest';
import { decidePromotion } from '../../electron/core/schedules/decision';

const base = { metric: 'test/accuracy', productionVersion: 4, minImprovement: 0 };

describe('promote only when better', () => {
  it('promotes the first model when there is no production yet', () => {
    const d = decidePromotion({ ...base, newValue: 0.5, productionValue: null, productionVersion: null });
    expect(d).toMatchObject({ promote: true });
    expect(d.reason).toMatch(/No production model yet/);
  });

  it('keeps production on a tie: equal is not better', () => {
    const d = decidePromotion({ ...base, newValue: 0.9, productionValue: 0.9 });
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('Not better than production: test/accuracy 0.9 (new) vs 0.9 (production v4); production v4 kept.');
  });

  it('keeps production when better by less than the required improvement, saying by how much', () => {
    const d = decidePromotion({ ...base, newValue: 0.91, productionValue: 0.9, minImprovement: 0.02 });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/^Better by 0.01, less than the required 0.02/);
  });

  it('promotes when better by at least the required improvement', () => {
    expect(decidePromotion({ ...base, newValue: 0.93, productionValue: 0.9, minImprovement: 0.02 })).toMatchObject({
      promote: true,
    });
  });

  it('counts lower as better for a loss', () => {
    const metric = 'test/loss';
    expect(decidePromotion({ ...base, metric, newValue: 0.2, productionValue: 0.3 }).promote).toBe(true);
    expect(decidePromotion({ ...base, metric, newValue: 0.4, productionValue: 0.3 }).promote).toBe(false);
  });
});
