import { join } from 'node:path';
import type { Backend } from '../core/backend';
import { toErrorShape } from '../core/errors';
import { LAB_CONNECTION_ID } from '../core/connections/connection-service';
import { ensureFolderDataset } from '../core/datasets/preregister';
import { LAB_VERSION } from './model/bootstrap';
import { DEFAULT_SVM } from './model/lab';
import { SAMPLE_PREFIX } from './model/sample-dataset';
import { startLab, type RunningLab } from './start-lab';

/** Where the app's lab lives and whether to run it. */
export interface AttachLabOptions {
  dataDir: string;
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Registers (or refreshes) the lab as the ready "Local lab" connection, its certificate and host
 * key pinned since the app made them. A failure (e.g. secrets the headless mode cannot open) is
 * logged without the password and leaves the lab running.
 */
async function registerLabConnection(backend: Backend, running: RunningLab): Promise<void> {
  const e = running.endpoints();
  try {
    await backend.connections.upsertLab({
      host: e.ssh.host,
      restPort: Number(new URL(e.rest).port),
      sshPort: e.ssh.port,
      username: e.username,
      password: e.password,
      certificatePem: running.lab.tls.cert,
      hostKey: running.lab.hostKey,
    });
  } catch (err) {
    const error = toErrorShape(err);
    console.error(`lab: the "Local lab" connection could not be saved: ${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }
}

/** The name the lab's sample is registered under. */
export const LAB_SAMPLE_DATASET = 'Tyre quality (synthetic sample)';

/**
 * Registers the lab's sample (vol1 `dataset/tyre/`) as a dataset, once. It is registered as a
 * local folder (the volume's directory), not over S3: the lab has no object-store server until the
 * S3 wizard creates one, and creating it behind the user's back would change what the wizard shows.
 * A failure is logged and leaves the lab running.
 */
async function registerLabSample(backend: Backend, running: RunningLab): Promise<void> {
  try {
    const vol1 = running.lab.volumes.find(DEFAULT_SVM, 'vol1');
    const sample = await ensureFolderDataset(backend.handlers, {
      name: LAB_SAMPLE_DATASET,
      folder: join(running.lab.volumes.root(vol1.uuid), SAMPLE_PREFIX),
      sourceName: 'Local lab: vol1/dataset/tyre',
    });
    // The lab's volumes are local folders: every volume (clones made later too) is "mounted" at its directory.
    await backend.handlers['versions.setMount']({
      connectionId: LAB_CONNECTION_ID,
      svm: '*',
      volume: '*',
      dir: running.lab.volumes.root('{uuid}'),
    });
    await backend.handlers['versions.bind']({
      datasetId: sample.id,
      binding: { connectionId: LAB_CONNECTION_ID, svm: DEFAULT_SVM, volume: 'vol1', path: SAMPLE_PREFIX.replace(/\/+$/, '') },
    });
  } catch (err) {
    const error = toErrorShape(err);
    console.error(`lab: the sample dataset could not be registered: ${error.message}${error.hint ? ` ${error.hint}` : ''}`);
  }
}

/**
 * Starts the built-in lab inside the app as a job (seeding the sample dataset shows as progress),
 * reports its state to the backend, and stops it when the backend is disposed. With no cluster
 * configured this is the app's storage; `WORKBENCH_LAB=off` keeps it off.
 */
export function attachLab(backend: Backend, options: AttachLabOptions): void {
  const env = options.env ?? process.env;
  const dir = join(options.dataDir, 'lab');
  if (env.WORKBENCH_LAB === 'off') {
    backend.lab.update({ state: 'off', message: 'The local lab is off (WORKBENCH_LAB=off).', dataDir: dir });
    return;
  }
  let running: RunningLab | null = null;
  backend.onDispose(async () => {
    await running?.close();
    running = null;
  });
  backend.lab.update({ state: 'starting', message: 'Starting the local lab…', dataDir: dir, error: null });
  backend.jobs.start({
    kind: 'lab.start',
    title: 'Start the local lab',
    unit: 'files',
    run: async (ctx) => {
      try {
        running = await startLab({
          dir,
          sampleCacheDir: options.cacheDir,
          signal: ctx.signal,
          onProgress: (message, done, total) => {
            ctx.progress({ message, ...(done !== undefined ? { done } : {}), ...(total !== undefined ? { total } : {}) });
            backend.lab.update({ message, progress: done !== undefined && total ? { done, total } : null });
          },
        });
      } catch (err) {
        const error = toErrorShape(err);
        backend.lab.update({ state: 'failed', message: error.message, progress: null, error });
        throw err;
      }
      if (ctx.signal.aborted) {
        await running.close();
        running = null;
        backend.lab.update({ state: 'off', message: 'The local lab was stopped.', progress: null });
        return;
      }
      // Before `running` is announced, so whoever hears it finds the "Local lab" connection ready.
      await registerLabConnection(backend, running);
      await registerLabSample(backend, running);
      const e = running.endpoints();
      backend.lab.update({
        state: 'running',
        message: 'The local lab is running.',
        progress: null,
        cluster: { name: running.lab.config.name, version: LAB_VERSION.full },
        endpoints: { rest: e.rest, ssh: e.ssh, s3: e.s3 },
        username: e.username,
      });
      ctx.progress({ message: `Running: REST ${e.rest}, SSH port ${e.ssh.port}` });
    },
  });
}
