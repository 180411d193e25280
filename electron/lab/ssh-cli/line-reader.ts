type Step = 'line' | 'eof' | undefined;

/**
 * Reads lines from what an SSH client sends, doing a terminal's line editing when there is a pty:
 * echo, backspace, Ctrl-U (erase line), Ctrl-C (drop the line), Ctrl-D on an empty line (end),
 * and ignoring cursor keys. Input typed ahead (a script piped into `ssh -tt`) waits in the buffer
 * and is echoed as it is read, so the transcript reads as if typed at each prompt.
 */
export class LineReader {
  private buffer = '';
  private line = '';
  private ended = false;
  private skipLf = false;
  private escape: 0 | 1 | 2 = 0;
  private wake: (() => void) | undefined;

  /** `echo` is null without a pty: the client's own terminal shows what is typed. */
  constructor(
    private readonly write: (text: string) => void,
    private readonly echo: ((text: string) => void) | null,
  ) {}

  /** Text from the client. */
  push(text: string): void {
    this.buffer += text;
    this.wake?.();
  }

  /** The client sent EOF or went away. */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** Shows `prompt` and resolves with the next line, or null at the end of input. */
  async readLine(prompt: string): Promise<string | null> {
    this.write(prompt);
    for (;;) {
      while (this.buffer.length) {
        const ch = this.buffer[0] as string;
        this.buffer = this.buffer.slice(1);
        const step = this.take(ch);
        if (step === 'eof') return null;
        if (step === 'line') return this.finish();
      }
      if (this.ended) return this.line ? this.finish() : null;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private finish(): string {
    const line = this.line;
    this.line = '';
    return line;
  }

  private take(ch: string): Step {
    if (this.escape === 1) {
      this.escape = ch === '[' || ch === 'O' ? 2 : 0;
      return;
    }
    if (this.escape === 2) {
      if (ch >= '@' && ch <= '~') this.escape = 0;
      return;
    }
    const afterCr = this.skipLf;
    this.skipLf = false;
    switch (ch) {
      case '\n':
        if (afterCr) return;
        this.echo?.('\r\n');
        return 'line';
      case '\r':
        this.skipLf = true;
        this.echo?.('\r\n');
        return 'line';
      case '\x7f':
      case '\b':
        if (this.line) {
          this.line = this.line.slice(0, -1);
          this.echo?.('\b \b');
        }
        return;
      case '\x03':
        this.line = '';
        this.echo?.('^C\r\n');
        return 'line';
      case '\x04':
        return this.line ? undefined : 'eof';
      case '\x15':
        this.echo?.('\b \b'.repeat(this.line.length));
        this.line = '';
        return;
      case '\x1b':
        this.escape = 1;
        return;
      default:
        if (ch < ' ') return;
        this.line += ch;
        this.echo?.(ch);
    }
  }
}
