import type { Handlers } from '../contract/dispatch';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';
import { S3ProfileStore } from './profile-store';

type ProfileMethods = Pick<Handlers, Extract<keyof Handlers, `s3profiles.${string}`>>;

/** The `s3profiles.*` methods; `reveal` is the only way a secret reaches the renderer. */
export function s3profileHandlers(ctx: ServiceContext): ProfileMethods {
  const profiles = new S3ProfileStore(ctx.dataDir, ctx.secrets);
  return {
    's3profiles.list': async () => ({ profiles: await profiles.list() }),
    's3profiles.add': async ({ secretAccessKey, allowHttp: _allowHttp, bucket, endpoint, ...rest }) =>
      // allowHttp is only the user's consent to plain http://, checked by the schema; the URL itself says which.
      profiles.save(
        { ...rest, endpoint: endpoint.replace(/\/+$/, ''), bucket: bucket ?? null, connectionId: null, multipartSupported: null },
        secretAccessKey,
      ),
    's3profiles.delete': async ({ id }) => ({ deleted: await profiles.delete(id) }),
    's3profiles.reveal': async ({ id }) => {
      if (!(await profiles.get(id))) {
        throw new WorkbenchError('NOT_FOUND', `There is no S3 profile ${id}.`, {
          hint: 'It may have been deleted; refresh the list.',
        });
      }
      const secretAccessKey = await profiles.secret(id);
      if (secretAccessKey === null) {
        throw new WorkbenchError('NOT_FOUND', 'This profile’s secret key is not in the secrets store.', {
          hint: 'Run the S3 setup wizard again for its bucket and allow it to regenerate the user’s keys.',
        });
      }
      return { secretAccessKey };
    },
  };
}
