import { toErrorShape, WorkbenchError } from '../errors';
import type { OntapApi } from '../ontap/ontap-api';
import type { ServiceContext } from '../services';
import { checkEndpoint } from './endpoint-check';
import { setupLogger } from './results';
import { troubleshootFor, type SetupDeps } from './run';

/**
 * Starts `s3setup.fixPermissions` as a job (kind `s3setup.fixPermissions`): applies the fix the
 * setup run `jobId` offered (the volume's UNIX permissions, through OntapApi), logs it, tests
 * writing again and updates that run's result. The fix job's id answers `s3setup.result` too.
 */
export function startPermissionFix(ctx: ServiceContext, deps: SetupDeps, setupJobId: string): string {
  const record = deps.results.get(setupJobId);
  const fix = record.result.permissionFix;
  if (!fix) {
    throw new WorkbenchError('NOT_FOUND', 'This S3 setup run has no permission fix to apply.', {
      hint: 'A fix is offered only when the endpoint test found writes refused by the volume’s UNIX permissions.',
    });
  }
  const { endpoint, profileId } = record.result;
  if (!endpoint || !profileId) throw new WorkbenchError('INTERNAL', 'The setup run has a fix but no endpoint or profile.');
  const release = deps.results.claim(record.input);
  let jobId: string;
  try {
    jobId = ctx.jobs.start({
      kind: 's3setup.fixPermissions',
      title: `Let S3 users write to volume ${fix.volume} (${fix.from} → ${fix.to})`,
      unit: 'steps',
      total: 2,
      run: async (job) => {
        const log = setupLogger(ctx, job.jobId);
        const previousState = record.result.state;
        record.result.state = 'running';
        let api: OntapApi | null = null;
        try {
          log('permissions', 'running', `Changing volume ${fix.volume}'s UNIX permissions from ${fix.from} to ${fix.to}…`, {
            hint: `Command: ${fix.cli}`,
          });
          api = await ctx.connections.openApi(record.input.connectionId, { signal: job.signal });
          await api.setUnixPermissions(record.input.svm, fix.volume, fix.to, { signal: job.signal });
          log('permissions', 'ok', `Volume ${fix.volume} now has UNIX permissions ${fix.to}.`);
          job.progress({ done: 1, message: 'Testing writes again' });
          const secretAccessKey = await deps.profiles.secret(profileId);
          const profile = await deps.profiles.get(profileId);
          if (!secretAccessKey || !profile) {
            throw new WorkbenchError('NOT_FOUND', 'The S3 profile of this setup, or its secret key, was deleted.', {
              hint: 'Run the S3 setup wizard again; it reuses everything that exists.',
            });
          }
          log('endpoint-test', 'running', `Testing ${endpoint} again…`);
          const credentials = { endpoint, bucket: record.input.bucketName, accessKeyId: profile.accessKeyId, secretAccessKey };
          await checkEndpoint({ api, record, credentials, log, signal: job.signal });
          if (record.result.multipartSupported !== null)
            await deps.profiles.save({ ...profile, multipartSupported: record.result.multipartSupported });
          // checkEndpoint set the state; TypeScript still believes the 'running' assigned above.
          const done = (record.result.state as string) === 'done';
          log(
            'endpoint-test',
            done ? 'ok' : 'warning',
            done ? 'The S3 user can write now: S3 is ready.' : 'Writing still needs attention.',
          );
        } catch (err) {
          // A cancelled fix leaves the run's earlier verdict; a failed one says so.
          record.result.state = job.signal.aborted ? previousState : 'failed';
          const shape = toErrorShape(err);
          log('endpoint-test', 'failed', job.signal.aborted ? 'Cancelled.' : shape.message, {
            hint: shape.hint,
            troubleshoot: troubleshootFor(err),
          });
          throw err;
        } finally {
          await api?.close().catch(() => undefined);
        }
      },
    });
  } catch (err) {
    release();
    throw err;
  }
  deps.results.set(jobId, record);
  void ctx.jobs.waitFor(jobId).finally(release);
  return jobId;
}
