import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConnectionService, LAB_CONNECTION_ID } from '../../electron/core/connections/connection-service';
import { dispatch, type Handlers } from '../../electron/core/contract/dispatch';
import { DatasetCache } from '../../electron/core/dataset-cache/dataset-cache';
import { SourceCatalog } from '../../electron/core/browse/sources';
import { DatasetStore } from '../../electron/core/datasets/dataset-store';
import { EventBus } from '../../electron/core/event-bus';
import { JobRegistry } from '../../electron/core/jobs/job-registry';
import { LabStatusBoard } from '../../electron/core/lab-status';
import type { LineageRun, RunLookup, ServiceContext } from '../../electron/core/services';
import { transferClient } from '../../electron/core/transfers/s3-access';
import { versionHandlers } from '../../electron/core/versions/handlers';
import { VersionPinningService } from '../../electron/core/versions/version-pinning';
import { startRestServer } from '../../electron/lab/rest/server';
import { startS3Servers } from '../../electron/lab/s3/server';
import { startCliServer } from '../../electron/lab/ssh-cli/server';
import type { MethodName, MethodOutput } from '../../shared/contract';
import { openTestLab } from './lab';
import { MemorySecrets } from './memory-secrets';
import { tempDir } from './temp-dir';

/**
 * The lab (tiny sample, S3 user and NAS bucket `bucket1` on vol1) with REST, SSH and S3 on
 * 127.0.0.1, registered as the "Local lab" connection of a fresh data dir; the versions handlers
 * and the version pinning service on it; the sample registered as a local-folder dataset bound to
 * vol1 `dataset/tyre`, with every lab volume mounted at its directory (as attach.ts does).
 * `runs` stands in for tracking: what it holds is what `runLookup` answers.
 */
export async function openVersionsFixture() {
  const fixture = await openTestLab({ writable: true });
  const { lab } = fixture;
  const rest = await startRestServer(lab, { port: 0 });
  const ssh = await startCliServer(lab, { port: 0 });
  const s3 = await startS3Servers(lab);
  await s3.ready();
  const endpoint = s3.endpoints().svm1!.http!;
  const home = tempDir('workbench-versions-');
  const dataDir = join(home.path, 'data');
  mkdirSync(dataDir, { recursive: true });
  const secrets = new MemorySecrets();
  const bus = new EventBus();
  const jobs = new JobRegistry(bus);
  const connections = new ConnectionService({ dataDir, env: {}, secrets, bus, jobs });
  await connections.upsertLab({
    host: '127.0.0.1',
    restPort: rest.port,
    sshPort: ssh.port,
    username: lab.config.adminUser,
    password: lab.config.adminPassword,
    certificatePem: lab.tls.cert,
    hostKey: lab.hostKey,
  });
  const runs = new Map<string, LineageRun[]>();
  const runLookup: RunLookup = { runsUsingSnapshot: (ref) => runs.get(`${ref.volume}@${ref.snapshot}`) ?? [] };
  const ctx: ServiceContext = {
    dataDir,
    env: {},
    bus,
    jobs,
    lab: new LabStatusBoard(bus),
    secrets,
    connections,
    datasetCache: new DatasetCache(dataDir),
    runLookup,
  };
  const handlers = versionHandlers(ctx);
  const pinning = new VersionPinningService(ctx);

  /** Calls a versions method through the contract (its input validated as the app does). */
  const call = async <M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> => {
    const answer = await dispatch(handlers as unknown as Handlers, method, input);
    if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
    return answer.result as MethodOutput<M>;
  };

  await call('versions.setMount', { connectionId: LAB_CONNECTION_ID, svm: '*', volume: '*', dir: lab.volumes.root('{uuid}') });
  const vol1Dir = lab.volumes.root(fixture.vol1.uuid);
  const source = await new SourceCatalog(dataDir, secrets).addFolder({
    path: join(vol1Dir, 'dataset/tyre'),
    name: 'vol1 sample',
  });
  const dataset = await new DatasetStore(dataDir).add({
    name: 'Tyre sample',
    sourceId: source.id,
    bucket: '.',
    prefix: '',
    labelRule: { kind: 'leading-word' },
  });
  await call('versions.bind', {
    datasetId: dataset.id,
    binding: { connectionId: LAB_CONNECTION_ID, svm: 'svm1', volume: 'vol1', path: 'dataset/tyre' },
  });
  const client: S3Client = transferClient(
    { endpoint, accessKeyId: fixture.user.access_key, secretAccessKey: fixture.user.secret_key },
    2,
  );

  return {
    ...fixture,
    dataDir,
    vol1Dir,
    endpoint,
    jobs,
    bus,
    ctx,
    connections,
    call,
    pinning,
    dataset,
    runs,
    client,
    /** The vol1 ref of the sample (REST unless `protocol` says). */
    ref: (protocol?: 'rest' | 'ssh') => ({
      connectionId: LAB_CONNECTION_ID,
      svm: 'svm1',
      volume: 'vol1',
      path: 'dataset/tyre',
      protocol,
    }),
    /** Writes an object through S3 (the lab's write path, which never changes a snapshot). */
    put: (bucket: string, key: string, body: string | Buffer) =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
    remove: (bucket: string, key: string) => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    /** Runs a job-starting method and waits for its end. */
    run: async (method: MethodName, input: unknown) => {
      const { jobId } = (await call(method, input)) as { jobId: string };
      return jobs.waitFor(jobId);
    },
    close: async () => {
      client.destroy();
      await jobs.cancelAll();
      await s3.close();
      await ssh.close();
      await rest.close();
      await fixture.close();
      home.remove();
    },
  };
}
