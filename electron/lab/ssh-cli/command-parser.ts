import { CliError } from './cli-error';

/** One parameter of a command, as its `?` help would list it. */
export interface ParamSpec {
  name: string;
  required?: boolean;
  /** The values it takes; a typed unique prefix is completed (`adv` → `advanced`), as ONTAP does. */
  values?: readonly string[];
  /** Takes a whole number. */
  integer?: boolean;
  /** A switch without a value (`-instance`). */
  flag?: boolean;
}

/** A command's words and parameters; the parser needs nothing else. */
export interface CommandSpec {
  path: readonly string[];
  params: readonly ParamSpec[];
  /** Parameters that may be given without their name, in this order (`bucket create NAME`). */
  positional?: readonly string[];
}

/** A typed command resolved to its spec, with the parameters keyed by their full names. */
export interface ParsedCommand<C extends CommandSpec> {
  command: C;
  /** The command words as typed; when they differ from `command.path`, ONTAP echoes the full name. */
  typed: string[];
  args: Record<string, string>;
}

interface Node<C> {
  children: Map<string, Node<C>>;
  command?: C;
}

/** The words that start with `typed` (case-insensitive), or just the one it equals. */
function candidates(names: Iterable<string>, typed: string): string[] {
  const lower = typed.toLowerCase();
  const all = [...names];
  const exact = all.find((n) => n.toLowerCase() === lower);
  return exact !== undefined ? [exact] : all.filter((n) => n.toLowerCase().startsWith(lower)).sort();
}

/**
 * The command directory tree (`volume` → `snapshot` → `show`), resolving unique-prefix
 * abbreviations of command words (`vol snap show`), parameter names (`-c` for `-confirmations`) and
 * listed values (`set adv`), and assigning positional arguments.
 */
export class CommandTree<C extends CommandSpec> {
  private readonly root: Node<C> = { children: new Map() };

  /** `aliases` adds root-level shortcuts ONTAP also accepts, e.g. `object-store-server` for `vserver object-store-server`. */
  constructor(commands: readonly C[], aliases: Record<string, readonly string[]> = {}) {
    for (const command of commands) {
      let node = this.root;
      for (const word of command.path) {
        let next = node.children.get(word);
        if (!next) node.children.set(word, (next = { children: new Map() }));
        node = next;
      }
      node.command = command;
    }
    for (const [alias, target] of Object.entries(aliases)) {
      let node: Node<C> | undefined = this.root;
      for (const word of target) node = node?.children.get(word);
      if (node) this.root.children.set(alias, node);
    }
  }

  /** Resolves typed words; throws CliError with ONTAP's message for anything it cannot read. */
  parse(tokens: readonly string[]): ParsedCommand<C> {
    let node = this.root;
    const typed: string[] = [];
    let i = 0;
    while (!node.command) {
      const word = tokens[i];
      if (word === undefined) {
        throw new CliError(
          `"${typed.join(' ')}" is a command directory, not a command; type a full command such as "${typed.join(' ')} show".`,
        );
      }
      const found = candidates(node.children.keys(), word);
      if (found.length === 0) throw new CliError(`"${word}" is not a recognized command`);
      if (found.length > 1)
        throw new CliError(`Ambiguous command "${word}". Possible matches include:\n${found.map((f) => `  ${f}`).join('\n')}`);
      node = node.children.get(found[0] as string) as Node<C>;
      typed.push(word);
      i++;
    }
    return { command: node.command, typed, args: parseArgs(node.command, tokens.slice(i)) };
  }
}

function resolveParam(command: CommandSpec, typed: string): ParamSpec {
  const found = candidates(
    command.params.map((p) => p.name),
    typed,
  );
  if (found.length === 0) throw new CliError(`invalid argument "-${typed}"`);
  if (found.length > 1)
    throw new CliError(`Ambiguous argument "-${typed}". Possible matches include:\n${found.map((f) => `  -${f}`).join('\n')}`);
  return command.params.find((p) => p.name === found[0]) as ParamSpec;
}

function checkValue(spec: ParamSpec, value: string): string {
  if (spec.values) {
    const found = candidates(spec.values, value);
    if (found.length !== 1)
      throw new CliError(`"${value}" is an invalid value for field "-${spec.name}" (<${spec.values.join('|')}>)`);
    return found[0] as string;
  }
  if (spec.integer && !/^\d+$/.test(value))
    throw new CliError(`"${value}" is an invalid value for field "-${spec.name}" (<integer>)`);
  return value;
}

/** Reads `-name value` pairs, switches and positional values into full parameter names. */
export function parseArgs(command: CommandSpec, words: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    // A lone "-" is a value (ONTAP's "none"); "-5" is a number, not a parameter.
    if (word.startsWith('-') && word.length > 1 && !/^-\d/.test(word)) {
      const spec = resolveParam(command, word.slice(1));
      if (spec.flag) {
        args[spec.name] = 'true';
        continue;
      }
      const value = words[++i];
      if (value === undefined) throw new CliError(`Missing value for "-${spec.name}"`);
      args[spec.name] = checkValue(spec, value);
    } else {
      const name = (command.positional ?? []).find((n) => !(n in args));
      const spec = command.params.find((p) => p.name === name);
      if (!spec) throw new CliError(`invalid argument "${word}"`);
      args[spec.name] = checkValue(spec, word);
    }
  }
  return args;
}

/** The required parameters not given, as ONTAP names them (`-vserver`). */
export function missingRequired(command: CommandSpec, args: Record<string, string>): string[] {
  return command.params.filter((p) => p.required && !(p.name in args)).map((p) => `-${p.name}`);
}

/** ONTAP's answer to a command missing required parameters. */
export function missingMessage(missing: readonly string[]): string {
  return `Missing required parameter(s): ${missing.join(', ')}`;
}
