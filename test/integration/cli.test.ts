import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliPath as cli, spawnServe } from '../support/serve-process';
import { tempDir } from '../support/temp-dir';

let home: ReturnType<typeof tempDir>;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the integration tests.`);
});
afterEach(() => home?.remove());

/** Starts `workbench serve` with a fresh home. */
function serve(args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  home = tempDir();
  return spawnServe({ WORKBENCH_HOME: join(home.path, 'home'), ...env }, args);
}

describe('the workbench command', () => {
  it('has --help for itself and for serve', () => {
    const top = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/serve/);
    const sub = spawnSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
    expect(sub.stdout).toMatch(/--port <N>/);
    expect(sub.stdout).toMatch(/--host <H>/);
  });

  it('refuses a bad --port, naming the option and the allowed range', () => {
    const out = spawnSync(process.execPath, [cli, 'serve', '--port', 'eighty'], { encoding: 'utf8' });
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/--port/);
    expect(out.stderr).toMatch(/0 to 65535/);
  });

  it('serve prints a 127.0.0.1 URL with a token, serves with it, refuses without it, and stops cleanly', async () => {
    const { child, url } = serve();
    const address = await url;
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
    expect((await fetch(address.replace(/\?token=.*/, ''))).status).toBe(401);
    const login = await fetch(address, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await fetch(new URL('/', address), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<title>ONTAP MLOps Workbench<\/title>/);
    const dataDir = join(home.path, 'home');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('explains a port that is already taken', async () => {
    const first = serve([], { WORKBENCH_LAB: 'off' }); // this test is about the port, not the lab
    const port = new URL(await first.url).port;
    const second = spawnSync(process.execPath, [cli, 'serve', '--port', port], {
      encoding: 'utf8',
      env: { ...process.env, WORKBENCH_HOME: join(home.path, 'second') },
      timeout: 20_000,
    });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`Port ${port} .* already in use.*--port`));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    await exited; // before afterEach removes its home
  });
});
