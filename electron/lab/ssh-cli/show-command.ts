import { CliError } from './cli-error';
import type { ParamSpec } from './command-parser';
import type { CliCommand, CommandContext } from './command-types';
import { entriesLine, formatFields, formatInstance } from './table';
import { matchesQuery } from './values';

/** One field of a `show` command: its `-fields` name, its `-instance` label and how to read it. */
export interface ShowField<T> {
  name: string;
  label?: string;
  get(row: T, ctx: CommandContext): string;
  /** Fields ONTAP lists only at advanced privilege or above. */
  advanced?: boolean;
}

/** A `show` command: where its records come from and how its default table looks. */
export interface ShowDefinition<T> {
  path: readonly string[];
  /** The fields that identify a record; `-fields` output always starts with them. */
  keys: readonly string[];
  fields: readonly ShowField<T>[];
  positional?: readonly string[];
  rows(ctx: CommandContext): T[] | Promise<T[]>;
  /** The default view (without the count line, which is added here). */
  table(rows: T[], ctx: CommandContext): string[];
}

/**
 * Builds a `show` command with ONTAP's common behaviour: every field is also a query parameter
 * (`-vserver svm1`, `-state online`, wildcards and `|`), `-fields a,b` prints the key fields and
 * those, `-instance` prints every field of each record, and an empty result says so as ONTAP does.
 */
export function defineShow<T>(def: ShowDefinition<T>): CliCommand {
  const params: ParamSpec[] = [
    ...def.fields.map((f) => ({ name: f.name })),
    { name: 'fields' },
    { name: 'instance', flag: true },
  ];
  return {
    path: def.path,
    params,
    positional: def.positional ?? [],
    async run(ctx) {
      const visible = def.fields.filter((f) => !f.advanced || ctx.settings.privilege !== 'admin');
      const byName = new Map(visible.map((f) => [f.name, f]));
      const field = (name: string) => {
        const found = byName.get(name);
        if (!found) throw new CliError(`invalid argument "-${name}"`);
        return found;
      };
      const filters = Object.entries(ctx.args).filter(([name]) => name !== 'fields' && name !== 'instance');
      const checks = filters.map(([name, query]) => ({ field: field(name), query }));
      const rows = (await def.rows(ctx)).filter((row) => checks.every((c) => matchesQuery(c.field.get(row, ctx), c.query)));
      if (rows.length === 0)
        return [filters.length ? 'There are no entries matching your query.' : 'This table is currently empty.'];
      if (ctx.args.fields !== undefined) {
        const requested = ctx.args.fields
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean);
        for (const name of requested)
          if (!byName.has(name)) throw new CliError(`"${name}" is an invalid value for field "-fields"`);
        const names = [...new Set([...def.keys, ...requested])];
        const values = rows.map((row) => names.map((n) => field(n).get(row, ctx)));
        const sep = ctx.settings.separator;
        // With a separator (scripts set one), ONTAP prints names, then labels, then values, joined by it.
        const body = sep
          ? [names.join(sep), names.map((n) => field(n).label ?? n).join(sep), ...values.map((v) => v.join(sep))]
          : formatFields(names, values);
        return [...body, ...entriesLine(rows.length)];
      }
      // A query naming a whole key (`-vserver svm1 -lif lif1`) gets the record's full view, as ONTAP
      // answers it (scripts look for `Logical Interface Name:` to see whether a LIF exists).
      const wholeKey = def.keys.every((k) => ctx.args[k] !== undefined && !/[*|!<>]/.test(ctx.args[k] as string));
      if (ctx.args.instance || wholeKey) {
        const blocks = rows.flatMap((row) => ['', ...formatInstance(visible.map((f) => [f.label ?? f.name, f.get(row, ctx)]))]);
        return [...blocks, ...(rows.length >= 2 ? ['', ...entriesLine(rows.length)] : [])];
      }
      return [...def.table(rows, ctx), ...entriesLine(rows.length)];
    },
  };
}
