/**
 * An error the CLI itself reports (an unknown command, a bad argument), printed as ONTAP prints
 * them: `Error: <message>`. Errors from the lab's model are LabErrors and print as
 * `Error: command failed: <message>` instead.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
