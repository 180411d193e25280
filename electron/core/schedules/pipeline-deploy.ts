import type { Model } from '../../../shared/models';
import type { PipelineStep } from '../../../shared/schedules';
import type { Handlers } from '../contract/dispatch';
import { toErrorShape } from '../errors';

/**
 * The redeploy step after a promotion. models.promote already switches an endpoint that serves
 * this model's production; this checks it did, switches in place (endpoint.start) when not, and
 * never starts an endpoint for the pipeline: there is then no compute of its own left to stop.
 */
export async function deployStep(
  h: Handlers,
  deploy: boolean,
  model: Model,
  version: number,
): Promise<{ status: PipelineStep['status']; detail: string }> {
  if (!deploy) return { status: 'skipped', detail: 'Redeploy is off for this schedule; the endpoint was left as it is.' };
  try {
    const status = await h['endpoint.status']({});
    if (!status.running) {
      return {
        status: 'skipped',
        detail: `The endpoint is not running; v${version} will be served when it is started (Models).`,
      };
    }
    if (status.modelId !== model.id) {
      return {
        status: 'skipped',
        detail: `The endpoint serves ${status.modelName ?? 'another model'}, not ${model.name}; it was left as it is.`,
      };
    }
    let now = status;
    if (status.version !== version) {
      now = await h['endpoint.start']({ modelId: model.id, version, host: status.host, port: status.port });
    }
    if (now.version !== version) {
      return { status: 'failed', detail: `The endpoint still serves v${now.version ?? '?'} after switching to v${version}.` };
    }
    return {
      status: 'ok',
      detail: `The endpoint at ${now.url ?? `${now.host}:${now.port}`} switched to ${model.name} v${version} in place, without a restart (${now.requests} requests served, ${now.errors} errors so far).`,
    };
  } catch (err) {
    return {
      status: 'failed',
      detail: `Redeploy failed: ${toErrorShape(err).message}; production is v${version}, start the endpoint again from Models.`,
    };
  }
}
