import type { Server as NetServer } from 'node:net';
import { listen } from '../../core/net/listen';
import { StringDecoder } from 'node:string_decoder';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ServerChannel } from 'ssh2';
import type { Lab } from '../model/lab';
import { CliSession } from './cli-session';
import { LineReader } from './line-reader';

/** Where the CLI listens; port 0 picks a free port. */
export interface CliServerOptions {
  host?: string;
  port: number;
}

/** A running CLI server. */
export interface CliServer {
  port: number;
  close(): Promise<void>;
}

const METHODS: AuthContext['method'][] = ['password', 'keyboard-interactive'];

function authenticate(lab: Lab, ctx: AuthContext): void {
  if (ctx.method === 'password') {
    if (lab.authenticate(ctx.username, ctx.password)) ctx.accept();
    else ctx.reject(METHODS);
  } else if (ctx.method === 'keyboard-interactive') {
    // Some clients prefer keyboard-interactive; it asks the same password.
    ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
      if (lab.authenticate(ctx.username, answers[0] ?? '')) ctx.accept();
      else ctx.reject(METHODS);
    });
  } else ctx.reject(METHODS);
}

function writer(channel: ServerChannel): (text: string) => void {
  return (text) => {
    if (!channel.destroyed && channel.writable) channel.write(text);
  };
}

function finish(channel: ServerChannel, status: number): void {
  if (channel.destroyed) return;
  try {
    channel.exit(status);
    channel.end();
  } catch {
    // The client went away first; there is no one left to tell.
  }
}

/** An interactive shell: prompt, line editing when there is a pty, until `exit`, Ctrl-D or EOF. */
async function runShell(channel: ServerChannel, session: CliSession, pty: boolean): Promise<void> {
  const write = writer(channel);
  const reader = new LineReader(write, pty ? write : null);
  const decoder = new StringDecoder('utf8');
  channel.on('data', (data: Buffer) => reader.push(decoder.write(data)));
  channel.on('end', () => reader.end());
  channel.on('close', () => reader.end());
  try {
    for (;;) {
      const line = await reader.readLine(session.prompt());
      if (line === null) break;
      if (!line.trim()) continue;
      const result = await session.run(line, { write, ask: (question) => reader.readLine(question) });
      if (result.ended) break;
      write('\r\n');
    }
  } finally {
    finish(channel, 0);
  }
}

/** `ssh host 'command'`: runs the line (`;`-separated commands too) and exits 0, or 1 after an error. */
async function runExec(channel: ServerChannel, session: CliSession, command: string): Promise<void> {
  let status = 1;
  try {
    status = (await session.run(command, { write: writer(channel) })).ok ? 0 : 1;
  } finally {
    finish(channel, status);
  }
}

function serve(lab: Lab, client: Connection): void {
  client.on('authentication', (ctx) => authenticate(lab, ctx));
  client.on('session', (accept) => {
    const session = accept();
    let pty = false;
    session.on('pty', (acceptPty) => {
      pty = true;
      acceptPty?.();
    });
    session.on('window-change', (acceptChange) => acceptChange?.());
    session.on('env', (acceptEnv) => acceptEnv?.());
    session.on('shell', (acceptShell) => {
      const channel = acceptShell();
      channel.on('error', () => undefined);
      runShell(channel, new CliSession(lab), pty).catch(() => finish(channel, 1));
    });
    session.on('exec', (acceptExec, _reject, info) => {
      const channel = acceptExec();
      channel.on('error', () => undefined);
      runExec(channel, new CliSession(lab), info.command).catch(() => finish(channel, 1));
    });
  });
  // A client that drops the connection must not take the lab down.
  client.on('error', () => undefined);
}

/**
 * Starts the lab's ONTAP CLI over SSH: password (or keyboard-interactive) login as the lab's admin,
 * interactive shells with ONTAP's prompt and exec of single command lines.
 */
export async function startCliServer(lab: Lab, options: CliServerOptions): Promise<CliServer> {
  const clients = new Set<Connection>();
  const server = new ssh2.Server({ hostKeys: [lab.hostKey] }, (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
    serve(lab, client);
  });
  // ssh2's Server is a net.Server at run time; its typings just do not say so.
  const port = await listen(server as unknown as NetServer, options.port, options.host ?? '127.0.0.1');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}
