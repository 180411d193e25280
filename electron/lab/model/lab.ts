import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig, loadHostKey, loadTls, type RequestedPorts } from './bootstrap';
import { LabContext } from './context';
import { LabJobs } from './jobs';
import { LabObjects } from './objects';
import { LabUploads } from './uploads';
import { LabS3Config } from './s3-config';
import { SAMPLE_COUNTS, SAMPLE_PREFIX, writeSampleDataset } from './sample-dataset';
import { LabStore } from './store';
import type { ClusterConfig, IpInterface, Svm } from './types';
import { LabVolumes } from './volumes';

/** How to open a lab. */
export interface OpenLabOptions {
  /** Where the lab keeps everything (created if missing). */
  dir: string;
  /** The admin password; generated at first start when absent. */
  password?: string;
  ports?: RequestedPorts;
  /** Fraction of the 1,856-image sample to generate at first start (tests use less); 0 for none. */
  sampleScale?: number;
  /** Where drawn sample images are kept between labs (e.g. ~/.cache/ontap-mlops-workbench). */
  sampleCacheDir?: string;
  onProgress?: (message: string, done?: number, total?: number) => void;
  /** Aborts a first start while it seeds; the next start seeds again from scratch. */
  signal?: AbortSignal;
  /**
   * The cluster's time zone (IANA name), in which its CLI prints times; this machine's by default.
   * Tests set another to play a cluster far away.
   */
  timeZone?: string;
}

/** The SVM every lab starts with. */
export const DEFAULT_SVM = 'svm1';
/** Its data interface, named as on FSx for ONTAP. */
export const DEFAULT_LIF = 'nfs_smb_management_1';

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * The built-in ONTAP-compatible lab's state and behaviour, independent of any protocol: one
 * cluster with SVMs, volumes on local disk, snapshots, FlexClones and S3 configuration. The REST,
 * SSH CLI and S3 servers are thin translations onto this.
 */
export class Lab {
  readonly volumes: LabVolumes;
  readonly s3: LabS3Config;
  readonly objects: LabObjects;
  readonly uploads: LabUploads;

  private constructor(
    readonly ctx: LabContext,
    readonly tls: { cert: string; key: string },
    readonly hostKey: string,
  ) {
    this.volumes = new LabVolumes(ctx);
    this.s3 = new LabS3Config(ctx, this.volumes);
    this.objects = new LabObjects(ctx, this.volumes, this.s3);
    this.uploads = new LabUploads(ctx, this.s3, this.objects);
  }

  /** Opens (or creates and seeds) the lab in `options.dir`; refuses a lab another process has open. */
  static async open(options: OpenLabOptions): Promise<Lab> {
    const dir = options.dir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await takeLock(dir);
    const store = new LabStore(join(dir, 'lab.db'));
    try {
      const svmNames = store.all<Svm>('svm').map((s) => s.name);
      const { config } = await loadConfig(dir, {
        password: options.password,
        ports: options.ports,
        svmNames: svmNames.length ? svmNames : [DEFAULT_SVM],
      });
      const tls = await loadTls(dir, config.name);
      const hostKey = await loadHostKey(dir);
      const ctx = new LabContext(dir, store, config, new LabJobs(store));
      const lab = new Lab(ctx, tls, hostKey);
      lab.timeZone = options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
      const seeded = store.get<boolean>('meta', 'seeded') === true;
      if (!seeded) store.exec('DELETE FROM records; DELETE FROM object_meta;'); // a first start that was interrupted
      await lab.recover();
      if (!seeded) await lab.seed(options);
      await lab.volumes.load();
      return lab;
    } catch (err) {
      store.close();
      await rm(join(dir, 'lab.lock'), { force: true });
      throw err;
    }
  }

  /** The cluster's time zone (IANA name): the CLI prints times in it and `cluster date show` names it. */
  timeZone = 'UTC';

  /** The cluster's identity, admin account and ports. */
  get config(): ClusterConfig {
    return this.ctx.config;
  }

  /** Changes the protocol servers react to (an object-store server created, changed or deleted). */
  get events(): LabContext['events'] {
    return this.ctx.events;
  }

  /** The cluster jobs. */
  get jobs(): LabJobs {
    return this.ctx.jobs;
  }

  /** True when the admin account's name and password match. */
  authenticate(user: string, password: string): boolean {
    return user === this.config.adminUser && sameSecret(password, this.config.adminPassword);
  }

  /** Every SVM. */
  svms(): Svm[] {
    return this.ctx.svms();
  }

  /** Each SVM's data interface on 127.0.0.1. */
  interfaces(): IpInterface[] {
    return this.ctx.store.all<IpInterface>('interface');
  }

  private async recover(): Promise<void> {
    await this.volumes.recover();
    await rm(this.ctx.tmpDir, { recursive: true, force: true });
    await mkdir(this.ctx.tmpDir, { recursive: true });
    // Trees a crash left without a record (a snapshot or clone that never finished) are removed.
    const volumeIds = new Set(this.volumes.all().map((v) => v.uuid));
    const snapshotIds = new Set(this.ctx.store.all<{ uuid: string }>('snapshot').map((s) => s.uuid));
    for (const name of await readdir(this.ctx.volumesDir).catch(() => [] as string[])) {
      if (!volumeIds.has(name)) await rm(join(this.ctx.volumesDir, name), { recursive: true, force: true });
    }
    for (const vol of await readdir(this.ctx.snapshotsDir).catch(() => [] as string[])) {
      for (const snap of await readdir(join(this.ctx.snapshotsDir, vol)).catch(() => [] as string[])) {
        if (!snapshotIds.has(snap)) await rm(join(this.ctx.snapshotsDir, vol, snap), { recursive: true, force: true });
      }
    }
  }

  private async seed(options: OpenLabOptions): Promise<void> {
    const svm: Svm = { uuid: randomUUID(), name: DEFAULT_SVM, state: 'running', subtype: 'default' };
    const lif: IpInterface = {
      uuid: randomUUID(),
      name: DEFAULT_LIF,
      ip: { address: '127.0.0.1', netmask: '255.0.0.0' },
      svm: { name: svm.name, uuid: svm.uuid },
      services: ['data_core', 'data_nfs', 'data_cifs', 'data_s3_server', 'management_https'],
      state: 'up',
      location: {
        home_node: { name: this.config.nodeName },
        home_port: { name: 'e0e' },
        node: { name: this.config.nodeName },
        port: { name: 'e0e' },
      },
    };
    this.ctx.store.put('svm', svm.uuid, svm);
    this.ctx.store.put('interface', lif.uuid, lif);
    const scale = options.sampleScale ?? 1;
    const total = Math.round((SAMPLE_COUNTS.defective + SAMPLE_COUNTS.good) * scale);
    const vol = await this.volumes.create({
      name: 'vol1',
      svm: svm.name,
      size: 10 * 1024 ** 3,
      junctionPath: '/vol1',
      comment:
        scale > 0 ? `Synthetic tyre-quality sample: ${total} generated images under ${SAMPLE_PREFIX} (not photographs)` : '',
    });
    if (scale > 0) {
      options.onProgress?.('Generating the synthetic sample dataset', 0, total);
      const files = await writeSampleDataset(
        this.volumes.root(vol.uuid),
        scale,
        (done, all) => {
          options.signal?.throwIfAborted();
          options.onProgress?.('Generating the synthetic sample dataset', done, all);
        },
        options.sampleCacheDir,
      );
      this.ctx.store.transaction(() => {
        for (const f of files)
          this.ctx.store.putMeta(vol.uuid, f.key, {
            etag: f.md5,
            size: f.size,
            mtimeMs: f.mtimeMs,
            contentType: f.key.endsWith('.jpg') ? 'image/jpeg' : 'text/plain',
            userMeta: {},
          });
      });
    }
    // Written last: a first start killed before this point is redone from scratch next time.
    this.ctx.store.put('meta', 'seeded', true);
  }

  /** Waits for running jobs and closes the store. */
  async close(): Promise<void> {
    await this.jobs.settle();
    this.ctx.store.close();
    await rm(join(this.ctx.dir, 'lab.lock'), { force: true });
  }
}

/** One process per lab directory: a second start says who holds it instead of corrupting it. */
async function takeLock(dir: string): Promise<void> {
  const file = join(dir, 'lab.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isRunning(pid))
      throw new Error(`The lab in ${dir} is already running (process ${pid}). Stop it first, or use another --data directory.`);
  }
  await writeFile(file, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
