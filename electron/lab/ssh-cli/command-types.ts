import type { Lab } from '../model/lab';
import type { CommandSpec } from './command-parser';

/** ONTAP's privilege levels; the prompt shows `*>` above admin. */
export type Privilege = 'admin' | 'advanced' | 'diagnostic';

/** What `set` changes for the rest of a session. */
export interface SessionSettings {
  privilege: Privilege;
  confirmations: boolean;
  rows: number;
  /** `set -showseparator`: `-fields` output joined by this instead of laid out in columns. */
  separator?: string;
}

/** What a command runs with. */
export interface CommandContext {
  lab: Lab;
  settings: SessionSettings;
  /** Parameters by full name (`vserver`, not `vs`), values completed (`advanced`, not `adv`). */
  args: Record<string, string>;
  /**
   * Prints `warning` and asks `question` (ONTAP's `Do you want to continue? {y|n}: `); true when
   * the answer is yes. Without a terminal to answer (exec) or with confirmations off, it asks
   * nothing and answers yes, as ONTAP does for commands passed on the ssh command line.
   */
  confirm(warning: readonly string[], question?: string): Promise<boolean>;
}

/** A CLI command: its words and parameters, and what it does. */
export interface CliCommand extends CommandSpec {
  /**
   * When `-vserver` is left out, the SVM ONTAP would assume: the only SVM (`any`), or the only one
   * with an object-store server (`object-store`; the manual recipe's `group create` relies on it).
   */
  defaultVserver?: 'any' | 'object-store';
  /** `exit` and `quit`: the session ends. */
  ends?: boolean;
  /** The lines to print (no line endings). */
  run(ctx: CommandContext): Promise<string[]> | string[];
}

/** `true`/`false` parameters. */
export const BOOLEAN = ['true', 'false'] as const;
