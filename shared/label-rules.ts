import { UNLABELLED, type LabelRule } from './datasets';

// Up to the first "_", "-", "." or digit: the reference dataset names files `defective_0001.jpg`.
const LEADING_WORD = /^[^_\-.0-9]+/;

/**
 * Turns a label rule into a function from a key (relative to the dataset's prefix) to its class;
 * a key the rule does not match is `(unlabelled)` rather than dropped, so counts add up.
 */
export function labeller(rule: LabelRule): (relativeKey: string) => string {
  switch (rule.kind) {
    case 'leading-word':
      return (key) => {
        const name = key.slice(key.lastIndexOf('/') + 1);
        return LEADING_WORD.exec(name)?.[0] ?? UNLABELLED;
      };
    case 'folder':
      return (key) => {
        const parts = key.split('/');
        // A file at the top of the dataset sits in no class folder.
        return parts.length >= 2 && parts.at(-2) ? parts.at(-2)! : UNLABELLED;
      };
    case 'regex': {
      const re = new RegExp(rule.pattern);
      return (key) => {
        const m = re.exec(key);
        if (!m) return UNLABELLED;
        // The first capture group; a pattern without groups labels with the whole match.
        const label = m.length > 1 ? m[1] : m[0];
        return label ? label : UNLABELLED;
      };
    }
  }
}

/** Counts classes as keys arrive, so a million-object listing is never held in memory. */
export function classTally(rule: LabelRule): { add(relativeKey: string): void; result(): { label: string; count: number }[] } {
  const label = labeller(rule);
  const counts = new Map<string, number>();
  return {
    add: (key) => {
      const l = label(key);
      counts.set(l, (counts.get(l) ?? 0) + 1);
    },
    // Most frequent first; ties by name, for stable output.
    result: () =>
      [...counts]
        .map(([l, count]) => ({ label: l, count }))
        .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
  };
}

/** Counts the classes of keys (relative to the dataset's prefix) under a rule, most frequent first. */
export function countClasses(relativeKeys: Iterable<string>, rule: LabelRule): { label: string; count: number }[] {
  const tally = classTally(rule);
  for (const key of relativeKeys) tally.add(key);
  return tally.result();
}
