import type { AppInfo } from '../../shared/contract';
import type { MachineProbe } from '../../shared/machine';
import { ensureDataDir } from './data-dir';
import type { Handlers } from './contract/dispatch';
import { WorkbenchError } from './errors';
import { EventBus } from './event-bus';
import { JobRegistry } from './jobs/job-registry';
import { LabStatusBoard } from './lab-status';
import { probeMachine } from './machine/probe';
import { ConnectionService } from './connections/connection-service';
import { connectionHandlers } from './connections/handlers';
import { s3profileHandlers } from './s3profiles/handlers';
import { browseHandlers } from './browse/handlers';
import { DatasetCache } from './dataset-cache/dataset-cache';
import { datasetHandlers } from './datasets/handlers';
import { s3setupHandlers } from './s3setup/handlers';
import { createSecretStore } from './secrets/secret-store';
import { transferHandlers } from './transfers/handlers';
import { versionHandlers } from './versions/handlers';
import { VersionPinningService } from './versions/version-pinning';
import { trainingHandlers } from './training/handlers';
import { TrackingStore } from './tracking/tracking-store';
import { modelHandlers } from './inference/handlers';
import { scheduleHandlers } from './schedules/handlers';
import type { SecretCipher, SecretStore, ServiceContext } from './services';

/** What the shells (Electron main, browser-mode server, tests) tell the backend about where it runs. */
export interface BackendOptions {
  dataDir: string;
  resourcesDir: string;
  version: string;
  mode: AppInfo['mode'];
  electronVersion?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Electron's safeStorage in the desktop app; headless modes encrypt with `secrets/`' own key. */
  secretsCipher?: SecretCipher;
}

/** The running backend: its handler table, its events, and how to stop it. */
export interface Backend {
  handlers: Handlers;
  bus: EventBus;
  jobs: JobRegistry;
  lab: LabStatusBoard;
  secrets: SecretStore;
  connections: ConnectionService;
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
  let disposed = false;
  const env = options.env ?? process.env;
  const secrets = createSecretStore({ dataDir: options.dataDir, env, cipher: options.secretsCipher });
  const connections = new ConnectionService({ dataDir: options.dataDir, env, secrets, bus, jobs });
  const datasetCache = new DatasetCache(options.dataDir);
  const services: ServiceContext = { dataDir: options.dataDir, env, bus, jobs, lab, secrets, connections, datasetCache };
  services.versions = new VersionPinningService(services);
  const tracking = new TrackingStore(options.dataDir);
  Object.assign(services, { resourcesDir: options.resourcesDir, tracking, runLookup: tracking });
  disposers.push(async () => tracking.close()); // first in, last out: after every job and domain has stopped
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
    ...connectionHandlers({ ...services, connections }),
    ...s3setupHandlers(services),
    ...s3profileHandlers(services),
    ...browseHandlers(services),
    ...datasetHandlers(services),
    ...transferHandlers(services),
    ...versionHandlers(services),
    ...trainingHandlers(services),
    ...modelHandlers(services, { onDispose: (fn) => disposers.push(fn) }),
    ...scheduleHandlers(services, () => handlers, { onDispose: (fn) => disposers.push(fn) }),
  };

  return {
    handlers,
    bus,
    jobs,
    lab,
    secrets,
    connections,
    onDispose: (fn) => disposers.push(fn),
    dispose: async () => {
      // A second dispose (a shell's quit racing a test's teardown) finds everything stopped already.
      if (disposed) return;
      disposed = true;
      // Runs the app stops are recorded as crashed ("the app stopped while it ran"), not as cancelled by the user.
      tracking.markInterrupted();
      await jobs.cancelAll();
      for (const fn of disposers.splice(0).reverse())
        await fn().catch((err: unknown) => console.error('shutdown step failed:', err));
    },
  };
}
