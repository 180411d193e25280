import { join } from 'node:path';
import type { EventName, EventPayload, MethodName, MethodOutput } from '../../shared/contract';
import type { WorkbenchErrorShape } from '../../shared/errors';
import { createBackend, type Backend } from '../../electron/core/backend';
import { dispatch } from '../../electron/core/contract/dispatch';
import { startS3Servers, type S3Servers } from '../../electron/lab/s3/server';
import { openTestLab } from './lab';
import { repoRoot, tempDir } from './temp-dir';

/** A lab with its S3 server running, the real backend, and calls through the contract's entry point. */
export interface BrowseFixture {
  lab: Awaited<ReturnType<typeof openTestLab>>;
  s3: S3Servers;
  /** The lab's S3 endpoint (HTTP). */
  endpoint: string;
  backend: Backend;
  dataDir: string;
  events: { name: EventName; payload: EventPayload<EventName> }[];
  /** Calls a method through `dispatch`; throws the wire error (with its code and hint) when it fails. */
  call<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>>;
  /** The wire error a call fails with (fails the test when the call succeeds). */
  failure(method: MethodName, input: unknown): Promise<WorkbenchErrorShape>;
  /** Saves an S3 profile for the lab's `s3user` on `bucket1` with `s3profiles.add`; answers its id. */
  addLabProfile(overrides?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

/** Opens a test lab (sample at `sampleScale`), starts its S3 server and a fresh backend. */
export async function openBrowseFixture(options: { sampleScale?: number } = {}): Promise<BrowseFixture> {
  const lab = await openTestLab({ writable: true, sampleScale: options.sampleScale });
  const home = tempDir('browse-');
  const s3 = await startS3Servers(lab.lab);
  await s3.ready();
  const endpoint = s3.endpoints().svm1!.http!;
  const dataDir = join(home.path, 'data');
  const backend = createBackend({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    version: '0.0.0-test',
    mode: 'test',
    env: { ...process.env, WORKBENCH_SECRETS_PASSPHRASE: undefined },
  });
  const events: BrowseFixture['events'] = [];
  backend.bus.subscribe((name, payload) => events.push({ name, payload }));
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> => {
    const answer = await dispatch(backend.handlers, method, input);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.result as MethodOutput<M>;
  };
  return {
    lab,
    s3,
    endpoint,
    backend,
    dataDir,
    events,
    call,
    failure: async (method, input) => {
      const answer = await dispatch(backend.handlers, method, input);
      if (answer.ok) throw new Error(`${method} succeeded where it should have failed`);
      return answer.error;
    },
    addLabProfile: async (overrides = {}) => {
      const profile = await call('s3profiles.add', {
        name: 'Lab bucket1',
        endpoint,
        allowHttp: true,
        accessKeyId: lab.user.access_key,
        secretAccessKey: lab.user.secret_key,
        bucket: 'bucket1',
        ...overrides,
      });
      return profile.id;
    },
    close: async () => {
      await backend.dispose();
      await s3.close();
      await lab.close();
      home.remove();
    },
  };
}
