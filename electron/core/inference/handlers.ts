import type { modelMethods } from '../../../shared/models';
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';

type ModelMethods = Pick<Handlers, keyof typeof modelMethods>;

/** The model registry, the local inference endpoint and predictions. */
export function modelHandlers(_ctx: ServiceContext): ModelMethods {
  return {};
}
