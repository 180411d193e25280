import type { AppInfo } from '../../shared/contract';
import type { MachineProbe } from '../../shared/machine';
import { ensureDataDir } from './data-dir';
import type { Handlers } from './contract/dispatch';
import { WorkbenchError } from './errors';
import { EventBus } from './event-bus';
import { JobRegistry } from './jobs/job-registry';
import { LabStatusBoard } from './lab-status';
import { probeMachine } from './machine/probe';

/** What the shells (Electron main, browser-mode server, tests) tell the backend about where it runs. */
export interface BackendOptions {
  dataDir: string;
  resourcesDir: string;
  version: string;
  mode: AppInfo['mode'];
  electronVersion?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** The running backend: its handler table, its events, and how to stop it. */
export interface Backend {
  handlers: Handlers;
  bus: EventBus;
  jobs: JobRegistry;
  lab: LabStatusBoard;
  /** Runs `fn` when the backend is disposed (a shell's lab, servers…), after running jobs are cancelled. */
  onDispose(fn: () => Promise<void>): void;
  dispose(): Promise<void>;
}

/** Builds the electron-free backend that every shell binds to its transport. */
export function createBackend(options: BackendOptions): Backend {
  ensureDataDir(options.dataDir);
  const bus = new EventBus();
  const jobs = new JobRegistry(bus);
  const lab = new LabStatusBoard(bus);
  const disposers: (() => Promise<void>)[] = [];
  const env = options.env ?? process.env;
  let lastProbe: Promise<MachineProbe> | null = null;

  const probe = (signal?: AbortSignal, onStep?: (done: number, total: number, message: string) => void) =>
    probeMachine({ resourcesDir: options.resourcesDir, env, signal, onStep });

  const handlers: Handlers = {
    'app.info': async () => {
      lastProbe ??= probe();
      const machine = await lastProbe.catch((err: unknown) => {
        lastProbe = null; // a failed first probe is retried next time instead of being cached
        throw err;
      });
      return {
        name: 'ONTAP MLOps Workbench',
        version: options.version,
        platform: process.platform,
        arch: process.arch,
        nodeVersion: process.versions.node,
        electronVersion: options.electronVersion ?? null,
        mode: options.mode,
        dataDir: options.dataDir,
        machine,
      };
    },
    'app.probeMachine': async () => {
      const jobId = jobs.start({
        kind: 'machine.probe',
        title: 'Probe Python, PyTorch and GPUs',
        unit: 'steps',
        run: async (ctx) => {
          const result = await probe(ctx.signal, (done, total, message) => ctx.progress({ done, total, message }));
          lastProbe = Promise.resolve(result);
          ctx.progress({ message: result.gpus.length ? `${result.gpus.length} GPU(s) found` : 'CPU only' });
        },
      });
      return { jobId };
    },
    'jobs.list': async () => ({ jobs: jobs.list() }),
    'lab.status': async () => lab.get(),
    'jobs.cancel': async ({ jobId }) => {
      const outcome = jobs.cancel(jobId);
      if (!outcome) {
        throw new WorkbenchError('NOT_FOUND', `There is no job ${jobId}.`, {
          hint: 'It may have ended in an earlier session; jobs.list shows the current ones.',
        });
      }
      return outcome;
    },
  };

  return {
    handlers,
    bus,
    jobs,
    lab,
    onDispose: (fn) => disposers.push(fn),
    dispose: async () => {
      await jobs.cancelAll();
      for (const fn of disposers.splice(0).reverse())
        await fn().catch((err: unknown) => console.error('shutdown step failed:', err));
    },
  };
}
