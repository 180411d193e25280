import { outputLines } from './cli-messages';

/**
 * Reads ONTAP's detailed views: `-instance`, a `show` given a record's whole key, `object-store-server
 * show`, and the key lines of `user create`. Each field is `Label: value` (labels right-aligned on
 * their colons, or not aligned at all); a long value carries on over lines indented to where the
 * value starts. A label seen again starts the next record, so blocks need no separator.
 */

/** One record: values by label, as ONTAP spells the label (`Vserver Name`, `Access Key`). */
export type CliRecord = Record<string, string>;

const FIELD = /^(\s*)([A-Za-z][A-Za-z0-9 ()/%'.,_-]*?):(?: (.*))?$/;

/** Every record in `text`, in order. */
export function parseInstances(text: string): CliRecord[] {
  const records: CliRecord[] = [];
  let current: CliRecord | null = null;
  let last: { label: string; valueColumn: number } | null = null;
  for (const line of outputLines(text)) {
    if (!line.trim()) {
      last = null;
      continue;
    }
    const indent = line.length - line.trimStart().length;
    if (last && current && indent >= last.valueColumn) {
      current[last.label] = `${current[last.label] ?? ''} ${line.trim()}`.trim();
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) {
      last = null;
      continue;
    }
    const label = (match[2] as string).trim();
    if (label === 'Error') continue;
    if (!current || label in current) {
      current = {};
      records.push(current);
    }
    current[label] = (match[3] ?? '').trim();
    last = { label, valueColumn: (match[1] as string).length + (match[2] as string).length + 2 };
  }
  return records;
}

/** The first record, or null when there is none. */
export function parseInstance(text: string): CliRecord | null {
  return parseInstances(text)[0] ?? null;
}
