import type { trainingMethods } from '../../../shared/training';
import type { Handlers } from '../contract/dispatch';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services';

type TrainingMethods = Pick<Handlers, keyof typeof trainingMethods>;

const notYet = async (): Promise<never> => {
  throw new WorkbenchError('INTERNAL', 'Training is being built.');
};

/** Python environments, recipes and runs. */
export function trainingHandlers(_ctx: ServiceContext): TrainingMethods {
  return {
    'envs.list': notYet,
    'envs.add': notYet,
    'envs.remove': notYet,
    'envs.setDefault': notYet,
    'recipes.list': notYet,
    'runs.start': notYet,
    'runs.list': notYet,
    'runs.get': notYet,
    'runs.metrics': notYet,
    'runs.logs': notYet,
    'runs.cancel': notYet,
    'runs.delete': notYet,
  };
}
