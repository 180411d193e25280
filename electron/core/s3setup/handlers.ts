import type { Handlers } from '../contract/dispatch';
import { S3ProfileStore } from '../s3profiles/profile-store';
import type { ServiceContext } from '../services';
import { startPermissionFix } from './fix';
import { SetupResults } from './results';
import { planSetup, startSetup, type SetupDeps } from './run';

type SetupMethods = Pick<Handlers, Extract<keyof Handlers, `s3setup.${string}`>>;

/** The `s3setup.*` methods: plan, run (a job), result (kept in memory for the session), fixPermissions (a job). */
export function s3setupHandlers(ctx: ServiceContext): SetupMethods {
  const deps: SetupDeps = { results: new SetupResults(), profiles: new S3ProfileStore(ctx.dataDir, ctx.secrets) };
  return {
    's3setup.plan': async (input) => (await planSetup(ctx, deps, input)).plan,
    's3setup.run': async (input) => ({ jobId: startSetup(ctx, deps, input) }),
    's3setup.result': async ({ jobId }) => structuredClone(deps.results.get(jobId).result),
    's3setup.fixPermissions': async ({ jobId }) => ({ jobId: startPermissionFix(ctx, deps, jobId) }),
  };
}
