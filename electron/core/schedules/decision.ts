/** True for metrics where smaller is better (loss, error); every other metric (accuracy, F1…) counts larger as better. */
export function lowerIsBetter(metric: string): boolean {
  return /loss|error/i.test(metric);
}

/** What the comparison decided, and why in a sentence the history shows. */
export interface PromotionDecision {
  promote: boolean;
  reason: string;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, '').replace(/\.$/, ''));

/**
 * Promote only when the new model beats production by the metric, and by at least `minImprovement`
 * (in the metric's units); with no production model yet the new one becomes production.
 */
export function decidePromotion(input: {
  metric: string;
  newValue: number;
  productionValue: number | null;
  productionVersion: number | null;
  minImprovement: number;
}): PromotionDecision {
  const { metric, newValue, productionValue, productionVersion, minImprovement } = input;
  if (productionValue === null || productionVersion === null) {
    return { promote: true, reason: `No production model yet: the new model (${metric} ${fmt(newValue)}) becomes production.` };
  }
  const gain = lowerIsBetter(metric) ? productionValue - newValue : newValue - productionValue;
  const compared = `${metric} ${fmt(newValue)} (new) vs ${fmt(productionValue)} (production v${productionVersion})`;
  if (gain <= 0) {
    return { promote: false, reason: `Not better than production: ${compared}; production v${productionVersion} kept.` };
  }
  if (gain < minImprovement) {
    return {
      promote: false,
      reason: `Better by ${fmt(gain)}, less than the required ${fmt(minImprovement)}: ${compared}; production v${productionVersion} kept.`,
    };
  }
  return { promote: true, reason: `Better by ${fmt(gain)}: ${compared}.` };
}
