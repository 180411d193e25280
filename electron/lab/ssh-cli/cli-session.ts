import { LabError } from '../model/errors';
import type { Lab } from '../model/lab';
import { CliError } from './cli-error';
import { splitCommands, tokenize } from './command-line';
import { CommandTree, missingMessage, missingRequired } from './command-parser';
import type { CliCommand, CommandContext, SessionSettings } from './command-types';
import { ALIASES, COMMANDS } from './commands/command-list';

const TREE = new CommandTree(COMMANDS, ALIASES);

/** Where a session's output goes, and (in an interactive shell) where answers come from. */
export interface SessionIo {
  /** Text to send as is (line endings included). */
  write(text: string): void;
  /** Shows `question` and reads the answer; null when the client has gone. Absent for exec, which never asks. */
  ask?(question: string): Promise<string | null>;
}

/** What running a line did. */
export interface RunResult {
  /** False when any command failed (exec then exits with status 1). */
  ok: boolean;
  /** `exit` or `quit` was among the commands. */
  ended: boolean;
}

function describe(err: unknown): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof LabError) return `command failed: ${err.message}`;
  return `command failed: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * One CLI session (an interactive shell or one exec): its privilege level and settings, and the
 * translation of typed lines onto the lab's model. ONTAP writes `\r\n` line endings, in exec
 * output too, so this does.
 */
export class CliSession {
  readonly settings: SessionSettings = { privilege: 'admin', confirmations: true, rows: 24 };

  constructor(private readonly lab: Lab) {}

  /** `<cluster>::> `, or `<cluster>::*> ` above admin privilege. */
  prompt(): string {
    return `${this.lab.config.name}::${this.settings.privilege === 'admin' ? '' : '*'}> `;
  }

  /** Runs a typed line; several commands may be separated by `;`. Errors are printed, not thrown. */
  async run(line: string, io: SessionIo): Promise<RunResult> {
    const print = (lines: readonly string[]) => {
      for (const l of lines) io.write(`${l.replace(/\n/g, '\r\n')}\r\n`);
    };
    let ok = true;
    for (const text of splitCommands(line)) {
      try {
        const parsed = TREE.parse(tokenize(text));
        const command = parsed.command;
        // ONTAP shows the full command when it was typed abbreviated (`net int show`).
        if (parsed.typed.join(' ') !== command.path.join(' ')) print([`  (${command.path.join(' ')})`]);
        const args = { ...parsed.args };
        if (command.defaultVserver && args.vserver === undefined) {
          const svm = this.assumedVserver(command.defaultVserver);
          if (svm) args.vserver = svm;
        }
        const missing = missingRequired(command, args);
        if (missing.length) throw new CliError(missingMessage(missing));
        print(await command.run(this.context(args, io, print)));
        if (command.ends) return { ok, ended: true };
      } catch (err) {
        ok = false;
        print(['', `Error: ${describe(err)}`]);
      }
    }
    return { ok, ended: false };
  }

  private context(args: Record<string, string>, io: SessionIo, print: (lines: readonly string[]) => void): CommandContext {
    return {
      lab: this.lab,
      settings: this.settings,
      args,
      confirm: async (warning, question = 'Do you want to continue? {y|n}: ') => {
        if (!this.settings.confirmations || !io.ask) return true;
        print(['', ...warning]);
        for (;;) {
          const answer = await io.ask(question);
          if (answer === null) return false;
          const a = answer.trim().toLowerCase();
          if (a === 'y' || a === 'yes') return true;
          if (a === 'n' || a === 'no') return false;
        }
      },
    };
  }

  /** The SVM ONTAP assumes when `-vserver` is left out and only one fits. */
  private assumedVserver(kind: NonNullable<CliCommand['defaultVserver']>): string | undefined {
    const svms = this.lab.svms();
    if (kind === 'object-store') {
      const withServer = svms.filter((s) => this.lab.s3.service(s.uuid));
      if (withServer.length === 1) return withServer[0]?.name;
    }
    return svms.length === 1 ? svms[0]?.name : undefined;
  }
}
