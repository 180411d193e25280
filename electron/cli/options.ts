import { InvalidArgumentError } from 'commander';

/** Parses `--port`: a whole number from 0 to 65535, 0 meaning any free port. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('give a whole number from 0 to 65535 (0 picks a free port).');
  }
  return port;
}

/** Parses `--host`: an address to bind; loopback unless the user means to expose the app. */
export function parseHost(value: string): string {
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(value)) {
    throw new InvalidArgumentError('give an IP address or host name, e.g. 127.0.0.1.');
  }
  return value.replace(/^\[(.*)\]$/, '$1');
}

/** True when binding `host` keeps the app reachable from this machine only. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
