import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/core/backend';
import { startServer, type RunningServer } from '../../electron/server/server';
import { repoRoot, tempDir } from '../support/temp-dir';
import { WsTestClient } from '../support/ws-client';

let home: ReturnType<typeof tempDir>;
let backend: Backend;
let server: RunningServer;
let base: string;

async function start(env: NodeJS.ProcessEnv = process.env) {
  home = tempDir();
  const rendererDir = join(home.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ONTAP MLOps Workbench</title>');
  backend = createBackend({
    dataDir: join(home.path, 'data'),
    resourcesDir: join(repoRoot, 'resources'),
    version: '0.0.0-test',
    mode: 'browser',
    env,
  });
  server = await startServer({ backend, rendererDir });
  base = `http://127.0.0.1:${server.port}`;
}

afterEach(async () => {
  await server?.close();
  await backend?.dispose();
  home?.remove();
});

describe('browser-mode server', () => {
  beforeEach(() => start());

  it('answers 401 without the token, and shows no page', async () => {
    for (const path of ['/', '/index.html', '/assets/x.js', '/?token=wrong']) {
      const res = await fetch(base + path, { redirect: 'manual' });
      expect(res.status).toBe(401);
      const body = await res.text();
      expect(body).toMatch(/token/);
      expect(body).not.toMatch(/ONTAP MLOps Workbench/);
    }
  });

  it('trades the token in the URL for an HttpOnly cookie, then serves the app with it', async () => {
    const first = await fetch(server.url, { redirect: 'manual' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(base + '/', { headers: { cookie: cookie.split(';')[0] as string } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/ONTAP MLOps Workbench/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('refuses a WebSocket without the token (401) or from a foreign origin (403)', async () => {
    await expect(WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(
      WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    const ok = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws`, {
      origin: base,
      cookie: `workbench_token=${server.token}`,
    });
    ok.close();
  });

  it('serves the contract over the WebSocket: app.info with the probe and the data directory', async () => {
    const client = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const out = await client.invoke('app.info', {});
    expect(out.ok).toBe(true);
    const info = (out as { result: { dataDir: string; machine: { pythonCandidates: unknown[] }; mode: string } }).result;
    expect(info.dataDir).toBe(join(home.path, 'data'));
    expect(existsSync(info.dataDir)).toBe(true);
    expect(info.mode).toBe('browser');
    expect(info.machine.pythonCandidates.length).toBeGreaterThan(0);
    client.close();
  });

  it('refuses bad input with a message naming the field, and keeps serving', async () => {
    const client = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const bad = await client.invoke('jobs.cancel', { jobId: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(!bad.ok && bad.error.message).toMatch(/jobId/);
    expect(await client.invoke('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await client.invoke('jobs.cancel', { jobId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.invoke('jobs.list', {})).toEqual({ ok: true, result: { jobs: [] } });
    client.close();
  });

  it('closes a socket that sends something other than contract JSON', async () => {
    const client = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.socket.send('not json');
    expect(await closed).toBe(1003);
  });

  it('runs the machine probe as a job with progress events to a successful end', async () => {
    const client = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const started = await client.invoke('app.probeMachine', {});
    const { jobId } = (started as { result: { jobId: string } }).result;
    const end = await client.waitForEvent(
      (e) =>
        e.name === 'job.state' &&
        (e.payload as { jobId: string; state: string }).jobId === jobId &&
        (e.payload as { state: string }).state !== 'running',
    );
    expect((end.payload as { state: string }).state).toBe('succeeded');
    expect(client.events.some((e) => e.name === 'job.progress' && (e.payload as { jobId: string }).jobId === jobId)).toBe(true);
    const listed = await client.invoke('jobs.list', {});
    expect((listed as { result: { jobs: { jobId: string; state: string }[] } }).result.jobs[0]).toMatchObject({
      jobId,
      state: 'succeeded',
    });
    client.close();
  });
});

describe('cancelling a job over the WebSocket', () => {
  it('kills the hung Python the probe started and ends the job cancelled', async () => {
    const pidDir = tempDir();
    const pidFile = join(pidDir.path, 'pid');
    await start({ ...process.env, WORKBENCH_PYTHON: join(repoRoot, 'test/fixtures/bin/hung-python'), HUNG_PID_FILE: pidFile });
    const client = await WsTestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    const started = await client.invoke('app.probeMachine', {});
    const { jobId } = (started as { result: { jobId: string } }).result;
    await client.waitForEvent((e) => e.name === 'job.progress' && /hung-python/.test((e.payload as { message: string }).message));
    await expect.poll(() => existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await client.invoke('jobs.cancel', { jobId })).toEqual({ ok: true, result: { cancelled: true, state: 'running' } });
    const end = await client.waitForEvent((e) => e.name === 'job.state' && (e.payload as { state: string }).state !== 'running');
    expect((end.payload as { state: string }).state).toBe('cancelled');
    await expect.poll(() => isAlive(pid)).toBe(false);
    client.close();
    pidDir.remove();
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
