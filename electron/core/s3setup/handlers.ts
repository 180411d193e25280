// STUB — helper B replaces this file.
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';

type SetupMethods = Pick<Handlers, Extract<keyof Handlers, `s3setup.${string}`>>;

/** The `s3setup.*` methods. */
export function s3setupHandlers(_ctx: ServiceContext): SetupMethods {
  const notYet = async (): Promise<never> => {
    throw new Error('not built yet');
  };
  return { 's3setup.plan': notYet, 's3setup.run': notYet, 's3setup.result': notYet, 's3setup.fixPermissions': notYet };
}
