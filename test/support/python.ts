import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from './temp-dir';

/** resources/python: the runner and the `workbench` SDK. */
export const pythonResourcesDir = join(repoRoot, 'resources', 'python');

/** The training runner's entry point. */
export const runnerScript = join(pythonResourcesDir, 'workbench_runner.py');

/** One event as the runner wrote it (a JSON line on fd 3). */
export interface RunnerEvent {
  type: string;
  time: number;
  [field: string]: unknown;
}

/** What a run's spec.json holds (the protocol between the app and the runner). */
export interface RunSpec {
  runId: string;
  code: { kind: 'recipe'; recipe: string } | { kind: 'script'; path: string; args?: string[] };
  params: Record<string, string | number | boolean>;
  device: 'auto' | 'cpu' | 'cuda';
  data: { dir: string; manifest: string };
  outDir: string;
}

function imports(python: string, module: string): boolean {
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/** Interpreters to try, as the app does: WORKBENCH_PYTHON, python3 on PATH, then the system one. */
function candidates(): string[] {
  const found = [process.env.WORKBENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  return [...new Set(found)];
}

/** The first interpreter that can import torch, or null (tests that train are then skipped). */
export function findTorchPython(): string | null {
  return candidates().find((python) => imports(python, 'torch')) ?? null;
}

/** An interpreter for tests that need no torch: the torch one when there is one, else python3. */
export function findPython(): string {
  return findTorchPython() ?? candidates().find((python) => imports(python, 'json')) ?? 'python3';
}

/** A started runner: its events so far, waiting on them, and how it ended. */
export interface StartedRunner {
  readonly child: ChildProcess;
  readonly events: RunnerEvent[];
  /** Resolves with the first event (already received or coming) that matches; rejects after timeoutMs. */
  waitForEvent(match: (event: RunnerEvent) => boolean, timeoutMs?: number): Promise<RunnerEvent>;
  /** Resolves once the process exited and its stdout, stderr and events pipe are closed. */
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stdout and stderr, interleaved as received. */
  output(): string;
}

/** Writes spec.json into runDir and starts the runner there, events on fd 3 as the app does. */
export function startRunner(python: string, runDir: string, spec: RunSpec): StartedRunner {
  mkdirSync(runDir, { recursive: true });
  const specPath = join(runDir, 'spec.json');
  writeFileSync(specPath, JSON.stringify(spec));
  const pythonPath = [pythonResourcesDir, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
  const child = spawn(python, ['-u', runnerScript, '--spec', specPath], {
    cwd: runDir,
    env: { ...process.env, WORKBENCH_EVENTS_FD: '3', PYTHONPATH: pythonPath },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  return observe(child);
}

/** Runs the runner with arguments only (e.g. --describe-recipes) and answers its stdout. */
export function runnerOutput(python: string, args: string[]): string {
  return execFileSync(python, [runnerScript, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function observe(child: ChildProcess): StartedRunner {
  const events: RunnerEvent[] = [];
  const waiters = new Set<() => void>();
  let text = '';
  let pending = '';
  const channel = child.stdio[3] as Readable;
  channel.setEncoding('utf8');
  channel.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.filter((l) => l.trim())) events.push(JSON.parse(line) as RunnerEvent);
    for (const wake of waiters) wake();
  });
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const closed = (stream: Readable) => new Promise<void>((done) => stream.once('close', done));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let finished = false;
  const ended = Promise.all([exited, closed(channel), closed(child.stdout!), closed(child.stderr!)]).then(([exit]) => {
    finished = true;
    for (const wake of waiters) wake();
    return exit;
  });

  const waitForEvent = (match: (event: RunnerEvent) => boolean, timeoutMs = 60_000) =>
    new Promise<RunnerEvent>((resolve, reject) => {
      const check = () => {
        const found = events.find(match);
        if (found) return settle(() => resolve(found));
        if (finished) settle(() => reject(new Error(`the runner ended without that event; output:\n${text}`)));
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`no such event within ${timeoutMs} ms; output:\n${text}`))),
        timeoutMs,
      );
      const settle = (how: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        how();
      };
      waiters.add(check);
      check();
    });
  return { child, events, waitForEvent, ended, output: () => text };
}
