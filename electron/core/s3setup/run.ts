import { randomUUID } from 'node:crypto';
import type { S3Profile, S3SetupInput, S3SetupLog } from '../../../shared/s3setup';
import { isAbortError, toErrorShape, WorkbenchError } from '../errors';
import type { JobContext } from '../jobs/job-registry';
import type { OntapApi, OntapS3Keys, OntapS3Service, OntapVolume } from '../ontap/ontap-api';
import type { S3ProfileStore } from '../s3profiles/profile-store';
import type { ServiceContext } from '../services';
import { readClusterState } from './cluster-state';
import { checkEndpoint } from './endpoint-check';
import { endpointUrl } from './endpoint-test';
import { buildPlan, type BuiltPlan, type ClusterState, type PlanStep } from './plan';
import { initialResult, setupLogger, type SetupLogger, type SetupRecord, type SetupResults } from './results';

/** What the setup's runs share: results by job id and the profile store. */
export interface SetupDeps {
  results: SetupResults;
  profiles: S3ProfileStore;
}

/** The steps in the order they run, for progress. */
const STEP_COUNT = 8;

/** Reads the cluster and builds the plan for `s3setup.plan` (nothing is changed). */
export async function planSetup(ctx: ServiceContext, deps: SetupDeps, input: S3SetupInput): Promise<BuiltPlan> {
  const api = await ctx.connections.openApi(input.connectionId);
  try {
    const state = await readClusterState(api, input.svm);
    return buildPlan(input, state, await deps.profiles.list());
  } finally {
    await api.close().catch(() => undefined);
  }
}

/** Starts `s3setup.run` as a job (kind `s3setup.run`); its log streams as `s3setup.log` events. */
export function startSetup(ctx: ServiceContext, deps: SetupDeps, input: S3SetupInput): string {
  const release = deps.results.claim(input);
  let jobId: string;
  try {
    jobId = ctx.jobs.start({
      kind: 's3setup.run',
      title: `Set up S3 bucket ${input.bucketName} on ${input.svm}`,
      unit: 'steps',
      total: STEP_COUNT,
      run: (job) => new SetupRun(ctx, deps, input, job, deps.results.get(job.jobId)).run(),
    });
  } catch (err) {
    release();
    throw err;
  }
  deps.results.set(jobId, { input, result: initialResult(input), volume: null });
  // Released when the job ends however it ends, even if cancelled before its body started.
  void ctx.jobs.waitFor(jobId).finally(release);
  return jobId;
}

/** Maps a cluster failure to the troubleshooting entry that explains it. */
export function troubleshootFor(err: unknown): S3SetupLog['troubleshoot'] {
  const code = err instanceof WorkbenchError ? err.code : null;
  if (code === 'ONTAP_PRIVILEGE') return 'privilege';
  if (code === 'HOST_UNREACHABLE' || code === 'S3_UNREACHABLE') return 'unreachable';
  return undefined;
}

/** One run of the wizard: each plan step in turn, reusing what exists, with a live log. */
class SetupRun {
  private readonly log: SetupLogger;
  private readonly o: { signal: AbortSignal };
  private current: PlanStep['id'] = 'volume';
  private titles = new Map<PlanStep['id'], string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: SetupDeps,
    private readonly input: S3SetupInput,
    private readonly job: JobContext,
    private readonly record: SetupRecord,
  ) {
    this.log = setupLogger(ctx, job.jobId);
    this.o = { signal: job.signal };
  }

  async run(): Promise<void> {
    const result = this.record.result;
    let api: OntapApi | null = null;
    try {
      this.log('volume', 'running', `Connecting and reading SVM ${this.input.svm}…`);
      api = await this.ctx.connections.openApi(this.input.connectionId, this.o);
      this.log('volume', 'ok', `Connected over ${api.protocol === 'rest' ? 'the REST API (HTTPS)' : 'the ONTAP CLI (SSH)'}.`);
      const state = await readClusterState(api, this.input.svm, this.job.signal);
      const { plan, details } = buildPlan(this.input, state, await this.deps.profiles.list());
      this.titles = new Map(plan.steps.map((s) => [s.id, s.title]));
      const blocked = plan.steps.filter((s) => s.action === 'blocked');
      if (blocked.length) return this.refuse(blocked);

      const byId = (id: PlanStep['id']) => plan.steps.find((s) => s.id === id)!;
      const volume = await this.volume(api, byId('volume'), details.volume);
      this.record.volume = { name: volume?.name ?? details.volumeName, uuid: volume?.uuid ?? null };
      const { service, justCreated } = await this.server(api, byId('server'), state);
      const lif = details.dataInterface!;
      const endpoint = endpointUrl(lif.address, service, this.input);
      if (!endpoint) {
        throw new WorkbenchError('ONTAP_ERROR', `Object-store server ${service.name} serves neither HTTP nor HTTPS.`, {
          hint: `Enable HTTP or HTTPS on it (vserver object-store-server modify -vserver ${this.input.svm} -is-http-enabled true), then run the wizard again.`,
        });
      }
      result.endpoint = endpoint;
      result.dataInterface = { name: lif.name, address: lif.address };
      const keys = await this.user(api, byId('user'), state, details.keySource);
      let profile = await this.saveProfile(details.reuseProfile, keys, endpoint, keys.fresh ? keys.secretKey : undefined);
      result.profileId = profile.id;
      result.keysStored = profile.hasSecret;
      await this.group(api, byId('group'));
      await this.bucket(api, byId('bucket'), details.junctionPath!);
      this.step('interface');
      this.log('interface', 'ok', `S3 clients use ${lif.address} (data interface ${lif.name}): ${endpoint}`);

      this.step('endpoint-test');
      this.log('endpoint-test', 'running', `Testing ${endpoint} with a real S3 round trip…`);
      const credentials = {
        endpoint,
        bucket: this.input.bucketName,
        accessKeyId: keys.accessKey,
        secretAccessKey: keys.secretKey,
      };
      await checkEndpoint({ api, record: this.record, credentials, log: this.log, signal: this.job.signal, justCreated });

      this.step('profile');
      profile = await this.saveProfile(profile, keys, endpoint);
      const reused = byId('profile').action === 'reuse';
      this.log(
        'profile',
        reused ? 'reused' : 'ok',
        `${reused ? 'Updated' : 'Saved'} S3 profile "${profile.name}"; its secret key is in the secrets store.`,
      );
      this.job.progress({
        done: STEP_COUNT,
        message: result.state === 'done' ? 'S3 is ready' : 'S3 is set up; the endpoint test needs attention',
      });
    } catch (err) {
      result.state = 'failed';
      const shape = toErrorShape(err);
      if (isAbortError(err) || this.job.signal.aborted) {
        this.log(
          this.current,
          'failed',
          'Cancelled. The steps already done stay done; running the wizard again picks up from here.',
        );
      } else if (!(err instanceof RefusedError)) {
        this.log(this.current, 'failed', shape.message, { hint: shape.hint, troubleshoot: troubleshootFor(err) });
      }
      throw err;
    } finally {
      await api?.close().catch(() => undefined);
    }
  }

  private step(id: PlanStep['id']): void {
    this.job.signal.throwIfAborted();
    this.current = id;
    const order: PlanStep['id'][] = ['volume', 'server', 'user', 'group', 'bucket', 'interface', 'endpoint-test', 'profile'];
    this.job.progress({ done: order.indexOf(id), message: this.titles.get(id) ?? id });
  }

  private refuse(blocked: PlanStep[]): never {
    for (const s of blocked)
      this.log(s.id, 'failed', s.note ?? s.title, {
        troubleshoot: s.id === 'user' ? 'keys-unknown' : undefined,
        hint: s.cli ? `Command: ${s.cli}` : undefined,
      });
    throw new RefusedError(
      `The setup cannot go ahead: ${blocked.map((s) => s.title).join('; ')}. Nothing was changed.`,
      blocked.some((s) => s.id === 'user')
        ? 'Allow regenerating the user’s keys, or choose another user name.'
        : 'Review the plan: each blocked step says why and what to change.',
    );
  }

  private async volume(api: OntapApi, step: PlanStep, existing: OntapVolume | null): Promise<OntapVolume | null> {
    this.step('volume');
    if (step.action !== 'create' || !('create' in this.input.volume)) {
      this.log('volume', step.action === 'reuse' ? 'reused' : 'ok', step.note ?? step.title);
      return existing;
    }
    const want = this.input.volume.create;
    this.log('volume', 'running', `Creating volume ${want.name} at ${want.junctionPath}…`);
    const created = await api.createVolume({ svm: this.input.svm, ...want }, this.o);
    this.log('volume', 'ok', `Created volume ${created.name}, mounted at ${created.junctionPath ?? want.junctionPath}.`);
    return created;
  }

  private async server(
    api: OntapApi,
    step: PlanStep,
    state: ClusterState,
  ): Promise<{ service: OntapS3Service; justCreated: boolean }> {
    this.step('server');
    if (step.action === 'reuse' && state.service) {
      this.log('server', 'reused', step.note ?? step.title);
      return { service: state.service, justCreated: false };
    }
    const { serverName: name, http, https } = this.input;
    this.log('server', 'running', `Creating object-store server ${name} on ${this.input.svm}…`);
    const service = await api.createS3Service(this.input.svm, { name, http, https }, this.o);
    const on = [service.http && `HTTP on port ${service.port}`, service.https && `HTTPS on port ${service.securePort}`].filter(
      Boolean,
    );
    this.log('server', 'ok', `Created object-store server ${service.name} (${on.join(', ')}).`);
    return { service, justCreated: true };
  }

  /** The user's keys: new ones (created or regenerated, the only time ONTAP shows the secret) or the stored ones. */
  private async user(
    api: OntapApi,
    step: PlanStep,
    state: ClusterState,
    keySource: S3Profile | null,
  ): Promise<OntapS3Keys & { fresh: boolean }> {
    this.step('user');
    const name = this.input.userName;
    if (step.action === 'reuse') {
      const secret = keySource ? await this.deps.profiles.secret(keySource.id) : null;
      const accessKey = state.users.find((u) => u.name === name)?.accessKey;
      if (!secret || !accessKey) {
        throw new WorkbenchError('NOT_FOUND', `The secret key of S3 user ${name} is no longer in the secrets store.`, {
          hint: 'Run the wizard again allowing it to regenerate the user’s keys.',
        });
      }
      this.log('user', 'reused', step.note ?? `User ${name} exists; using its stored keys.`);
      return { accessKey, secretKey: secret, fresh: false };
    }
    const regenerate = step.action === 'regenerate';
    this.log('user', 'running', regenerate ? `Issuing new keys to S3 user ${name}…` : `Creating S3 user ${name}…`);
    const keys = regenerate
      ? await api.regenerateS3Keys(this.input.svm, name, this.o)
      : await api.createS3User(this.input.svm, name, this.o);
    this.log(
      'user',
      'ok',
      `${regenerate ? 'Issued new keys to' : 'Created'} S3 user ${name} (access key ${keys.accessKey}); the secret key goes straight to the secrets store.`,
    );
    return { ...keys, fresh: true };
  }

  /**
   * Saves the profile. Called as soon as new keys exist, because ONTAP never shows the secret again:
   * a run that fails later still leaves the keys stored and usable by the next run.
   */
  private async saveProfile(
    previous: S3Profile | null,
    keys: OntapS3Keys,
    endpoint: string,
    secret?: string,
  ): Promise<S3Profile> {
    const { svm, bucketName: bucket, connectionId } = this.input;
    let connectionName = connectionId;
    try {
      connectionName = this.ctx.connections.get(connectionId).name;
    } catch {
      // The connection may have been deleted meanwhile; its id names the profile then.
    }
    const id = previous?.id ?? randomUUID();
    // Reusing a user whose secret is stored under another profile: this profile gets its own copy.
    const needsCopy = secret === undefined && !previous?.hasSecret;
    const profile = await this.deps.profiles.save(
      {
        id,
        name: previous?.name ?? `${bucket} on ${svm} (${connectionName})`,
        endpoint,
        region: 'us-east-1',
        bucket,
        pathStyle: true,
        accessKeyId: keys.accessKey,
        connectionId,
        multipartSupported: this.record.result.multipartSupported ?? previous?.multipartSupported ?? null,
        createdAt: previous?.createdAt,
      },
      secret ?? (needsCopy ? keys.secretKey : undefined),
    );
    return profile;
  }

  private async group(api: OntapApi, step: PlanStep): Promise<void> {
    this.step('group');
    if (step.action === 'reuse') return this.log('group', 'reused', step.note ?? step.title);
    const { groupName: name, userName, policy } = this.input;
    this.log('group', 'running', `Creating group ${name}: user ${userName} with ${policy}…`);
    await api.createS3Group(this.input.svm, { name, users: [userName], policies: [policy] }, this.o);
    this.log('group', 'ok', `Created group ${name}: ${userName} has ${policy}.`);
  }

  private async bucket(api: OntapApi, step: PlanStep, nasPath: string): Promise<void> {
    this.step('bucket');
    if (step.action === 'reuse') return this.log('bucket', 'reused', step.note ?? step.title);
    const name = this.input.bucketName;
    this.log('bucket', 'running', `Creating NAS bucket ${name} on ${nasPath}…`);
    await api.createNasBucket(this.input.svm, { name, nasPath }, this.o);
    this.log('bucket', 'ok', `Created NAS bucket ${name}: its objects are the files under ${nasPath}.`);
  }
}

/** A run refused before changing anything (a blocked step); already logged step by step. */
class RefusedError extends WorkbenchError {
  constructor(message: string, hint: string) {
    super('INVALID_INPUT', message, { hint });
  }
}
