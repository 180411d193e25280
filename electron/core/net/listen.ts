import type { AddressInfo, Server } from 'node:net';

/**
 * Starts `server` listening and resolves with the port it got (port 0 = any free port); rejects
 * with the listen error (EADDRINUSE…) instead of leaving it to an 'error' event nobody awaits.
 */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
