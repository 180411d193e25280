// STUB — helper B replaces this file.
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';

type ProfileMethods = Pick<Handlers, Extract<keyof Handlers, `s3profiles.${string}`>>;

/** The `s3profiles.*` methods. */
export function s3profileHandlers(_ctx: ServiceContext): ProfileMethods {
  const notYet = async (): Promise<never> => {
    throw new Error('not built yet');
  };
  return { 's3profiles.list': notYet, 's3profiles.delete': notYet, 's3profiles.reveal': notYet };
}
