import { describe, expect, it } from 'vitest';
import { LineReader } from '../../electron/lab/ssh-cli/line-reader';

function terminal(pty = true) {
  let screen = '';
  const write = (text: string) => (screen += text);
  return { reader: new LineReader(write, pty ? write : null), screen: () => screen };
}

describe('reading lines from an SSH client', () => {
  it('echoes typing in a pty and applies backspace and Ctrl-U', async () => {
    const { reader, screen } = terminal();
    reader.push('vol\x7f\x7f\x7fversion\r');
    expect(await reader.readLine('p> ')).toBe('version');
    expect(screen()).toBe('p> vol\b \b\b \b\b \bversion\r\n');
    reader.push('garbage\x15show\n');
    expect(await reader.readLine('p> ')).toBe('show');
  });

  it('drops the line on Ctrl-C and ends on Ctrl-D at an empty line', async () => {
    const { reader, screen } = terminal();
    reader.push('half typed\x03\x04');
    expect(await reader.readLine('p> ')).toBe('');
    expect(screen()).toContain('half typed^C\r\n');
    expect(await reader.readLine('p> ')).toBeNull();
  });

  it('keeps typed-ahead lines for the prompts that follow, treating CRLF as one Enter', async () => {
    const { reader } = terminal(false);
    reader.push('set adv\r\ny\r\n');
    expect(await reader.readLine('> ')).toBe('set adv');
    expect(await reader.readLine('{y|n}: ')).toBe('y');
    const next = reader.readLine('> ');
    reader.push('exit\n');
    expect(await next).toBe('exit');
  });

  it('ignores cursor keys and returns a last line without newline at the end of input', async () => {
    const { reader, screen } = terminal();
    reader.push('ab\x1b[Dc');
    reader.end();
    expect(await reader.readLine('> ')).toBe('abc');
    expect(screen()).toBe('> abc');
    expect(await reader.readLine('> ')).toBeNull();
  });
});
