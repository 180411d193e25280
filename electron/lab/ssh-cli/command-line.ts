/**
 * Splits what was typed into commands and words, the way the ONTAP CLI reads a line: `;` separates
 * commands, whitespace separates words, double quotes keep spaces (and allow an empty value, `""`).
 */

/** Splits a line into commands at each `;` outside double quotes (`set adv; volume show`). */
export function splitCommands(line: string): string[] {
  const commands: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      commands.push(current);
      current = '';
    } else current += ch;
  }
  commands.push(current);
  return commands.map((c) => c.trim()).filter((c) => c.length > 0);
}

/** Splits one command into words; quotes group and are removed, `\"` inside quotes is a literal quote. */
export function tokenize(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i] as string;
    if (quoted) {
      if (ch === '\\' && command[i + 1] === '"') {
        word += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else word += ch;
    } else if (ch === '"') {
      quoted = true;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  // An unterminated quote runs to the end of the line, as ONTAP reads it.
  if (inWord) words.push(word);
  return words;
}
