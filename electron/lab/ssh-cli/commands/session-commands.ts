import { BOOLEAN, type CliCommand, type Privilege } from '../command-types';

const WARNINGS: Record<Exclude<Privilege, 'admin'>, string> = {
  advanced:
    'Warning: These advanced commands are potentially dangerous; use them only when directed to do so by NetApp personnel.',
  diagnostic: 'Warning: These diagnostic commands are for use by NetApp personnel only.',
};

/** `set`: privilege level (with ONTAP's warning and question), confirmations, rows, and settings the lab accepts and ignores. */
export const setCommand: CliCommand = {
  path: ['set'],
  params: [
    { name: 'privilege', values: ['admin', 'advanced', 'diagnostic'] },
    { name: 'confirmations', values: ['on', 'off'] },
    { name: 'rows', integer: true },
    { name: 'showallfields', values: BOOLEAN },
    { name: 'showseparator' },
    { name: 'units', values: ['auto', 'raw', 'B', 'KB', 'MB', 'GB', 'TB', 'PB'] },
    { name: 'active-help', values: BOOLEAN },
    { name: 'stop-on-error', values: BOOLEAN },
  ],
  positional: ['privilege'],
  async run({ args, settings, confirm }) {
    // `set adv -c off` turns confirmations off before the privilege change asks anything.
    if (args.confirmations) settings.confirmations = args.confirmations === 'on';
    if (args.rows !== undefined) settings.rows = Number(args.rows);
    if (args.showseparator !== undefined) settings.separator = args.showseparator === ' ' ? undefined : args.showseparator;
    const wanted = args.privilege as Privilege | undefined;
    if (wanted && wanted !== settings.privilege) {
      if (wanted === 'admin' || (await confirm([WARNINGS[wanted]]))) settings.privilege = wanted;
    }
    return [];
  },
};

/** `rows N`: the page length (0: no paging); the lab never pages, but scripts send it. */
export const rowsCommand: CliCommand = {
  path: ['rows'],
  params: [{ name: 'rows', integer: true, required: true }],
  positional: ['rows'],
  run({ args, settings }) {
    settings.rows = Number(args.rows);
    return [];
  },
};

/** `version`: the release string clients read to learn the ONTAP version. */
export const versionCommand: CliCommand = {
  path: ['version'],
  params: [],
  run: ({ lab }) => [lab.config.version.full],
};

/** `exit` and `quit` end the session. */
export const exitCommands: CliCommand[] = ['exit', 'quit'].map((word) => ({
  path: [word],
  params: [],
  ends: true,
  run: () => [],
}));
