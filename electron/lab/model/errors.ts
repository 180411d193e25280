/**
 * An error as ONTAP reports it: a numeric code (as a string on the wire), a message, the field it
 * concerns, and the HTTP status the REST API answers with. The CLI renders the same error as
 * `Error: command failed: <message>`.
 */
export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly target?: string,
  ) {
    super(message);
    this.name = 'LabError';
  }

  /** ONTAP's REST error body. */
  toBody(): { error: { message: string; code: string; target?: string } } {
    return { error: { message: this.message, code: this.code, ...(this.target ? { target: this.target } : {}) } };
  }
}

/** Code "4": the entry doesn't exist. */
export function notFound(what: string, target?: string): LabError {
  return new LabError('4', `entry doesn't exist`, 404, target ?? what);
}

/** A record with this name exists already (ONTAP's duplicate-entry style error). */
export function duplicate(message: string, target?: string): LabError {
  return new LabError('917927', message, 409, target);
}

/** The request names a field wrongly or gives a bad value. */
export function invalid(message: string, target?: string, code = '262179'): LabError {
  return new LabError(code, message, 400, target);
}
