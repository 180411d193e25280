import { spawn } from 'node:child_process';
import { Command } from 'commander';
import pkg from '../../package.json';
import { findElectronBinary } from './electron-binary';
import { parseHost, parsePort } from './options';
import { appPaths } from './paths';
import { checkLabPassword, runLab } from './lab-command';
import { serve } from './serve-command';

const DEFAULT_HOST = '127.0.0.1';

/** Opens the desktop window; without Electron's binary, says why and falls back to browser mode. */
async function desktop(): Promise<void> {
  const paths = appPaths();
  const electron = findElectronBinary(paths.root);
  if (!electron.found) {
    console.log(`Desktop app unavailable: ${electron.reason}. Starting browser mode instead.`);
    return serve({ host: DEFAULT_HOST, port: 0, version: pkg.version });
  }
  const child = spawn(electron.binary, [paths.root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

const program = new Command('workbench')
  .description('ONTAP MLOps Workbench: datasets on NetApp ONTAP, GPU training with lineage, deployment.')
  .version(pkg.version)
  .showHelpAfterError()
  .action(desktop);

program
  .command('serve')
  .description('Browser mode: serve the app on this machine (e.g. a headless GPU box) and print its URL with an access token.')
  .option('--port <N>', 'port to listen on (0 = any free port)', parsePort, 0)
  .option('--host <H>', 'address to bind; keep 127.0.0.1 and use an SSH tunnel to reach it remotely', parseHost, DEFAULT_HOST)
  .action((opts: { port: number; host: string }) => serve({ ...opts, version: pkg.version }));

program
  .command('lab')
  .description(
    'Run the built-in ONTAP-compatible lab standalone (REST API, CLI over SSH, S3) and print its endpoints and admin credentials as one line of JSON.',
  )
  .option('--data <DIR>', 'where the lab keeps its volumes and state (default: <data directory>/lab)')
  .option('--rest-port <N>', 'HTTPS port of the REST API (default: kept from last start, else a free port)', parsePort)
  .option('--ssh-port <N>', 'port of the CLI over SSH', parsePort)
  .option('--s3-port <N>', "HTTP port of svm1's S3 server (it listens once an object-store server exists)", parsePort)
  .option('--password <P>', 'admin (fsxadmin) password (default: generated at first start and kept)', checkLabPassword)
  .action((opts: { data?: string; restPort?: number; sshPort?: number; s3Port?: number; password?: string }) => runLab(opts));

program.parseAsync().catch((err: unknown) => {
  console.error(`workbench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
