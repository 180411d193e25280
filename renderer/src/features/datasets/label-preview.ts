import type { LabelRule } from '../../../../shared/datasets';
import { countClasses, labeller } from '../../../../shared/label-rules';

/** The class a rule gives a key relative to the dataset's prefix (the backend's summary uses the same rule). */
export function labelOf(rule: LabelRule, relativeKey: string): string {
  return labeller(rule)(relativeKey);
}

/** The regex's compile error, or null when it compiles (or the rule is not a regex). */
export function ruleError(rule: LabelRule): string | null {
  if (rule.kind !== 'regex') return null;
  if (!rule.pattern) return 'Enter a regular expression, e.g. ^(\\w+?)_';
  try {
    new RegExp(rule.pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Classes of the given keys under a rule, most frequent first. */
export function previewClasses(rule: LabelRule, keys: string[]): { label: string; count: number }[] {
  return ruleError(rule) ? [] : countClasses(keys, rule);
}
