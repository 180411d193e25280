/**
 * The messages ONTAP's CLI prints around (or instead of) results: errors, empty results, the count
 * line and job lines. Pure functions over the text a command printed.
 */

/** The output's lines, with ONTAP's `\r\n` endings and trailing blanks removed. */
export function outputLines(text: string): string[] {
  return text.split(/\r?\n|\r/).map((line) => line.trimEnd());
}

/** What kind of refusal an `Error:` line is. */
export type CliErrorKind = 'command-failed' | 'unknown-command' | 'not-authorized' | 'other';

/** An `Error: …` ONTAP printed, with its continuation lines joined. */
export interface CliErrorMessage {
  kind: CliErrorKind;
  /** ONTAP's words, without `Error:` and `command failed:`. */
  message: string;
}

const NOT_AUTHORIZED = /not authorized|insufficient privileges|permission denied|access denied/i;

/**
 * The first error the output reports, or null. ONTAP prints `Error: command failed: <reason>`,
 * `Error: "x" is not a recognized command`, `Error: invalid argument "-y"`; a long reason carries
 * on over indented lines.
 */
export function findCliError(text: string): CliErrorMessage | null {
  const lines = outputLines(text);
  const at = lines.findIndex((line) => /^Error:/.test(line.trimStart()));
  if (at < 0) return null;
  const parts = [(lines[at] as string).trimStart().replace(/^Error:\s*/, '')];
  for (const line of lines.slice(at + 1)) {
    if (!line.trim() || !/^\s/.test(line)) break;
    parts.push(line.trim());
  }
  const whole = parts.join(' ');
  const message = whole.replace(/^command failed:\s*/i, '');
  let kind: CliErrorKind = 'other';
  if (NOT_AUTHORIZED.test(whole)) kind = 'not-authorized';
  else if (/is not a recognized command/i.test(whole)) kind = 'unknown-command';
  else if (/^command failed:/i.test(whole)) kind = 'command-failed';
  return { kind, message };
}

/** True when the output says a `show` found nothing (ONTAP's two ways of saying it). */
export function isNoEntries(text: string): boolean {
  return outputLines(text).some(
    (line) => line.trim() === 'There are no entries matching your query.' || line.trim() === 'This table is currently empty.',
  );
}

/** The count of `N entries were displayed.`, or null when the line is absent (ONTAP omits it for one row). */
export function entriesDisplayed(text: string): number | null {
  for (const line of outputLines(text)) {
    const match = /^(\d+) entries were displayed\.$/.exec(line.trim());
    if (match) return Number(match[1]);
  }
  return null;
}

/** How a command that ran as a cluster job ended: `[Job 12] Job succeeded: Successful`. */
export interface CliJobLine {
  job: number;
  state: 'succeeded' | 'failed' | 'running';
  message: string;
}

/** The last job line in the output, or null. */
export function findJobLine(text: string): CliJobLine | null {
  let found: CliJobLine | null = null;
  for (const line of outputLines(text)) {
    const match = /^\[Job (\d+)\] Job (succeeded|failed|is [a-z]+)\s*:?\s*(.*)$/.exec(line.trim());
    if (!match) continue;
    const word = match[2] as string;
    const state = word === 'succeeded' ? 'succeeded' : word === 'failed' ? 'failed' : 'running';
    found = { job: Number(match[1]), state, message: (match[3] ?? '').trim() };
  }
  return found;
}
