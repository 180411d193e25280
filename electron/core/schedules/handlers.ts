import type { scheduleMethods } from '../../../shared/schedules';
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';

type ScheduleMethods = Pick<Handlers, keyof typeof scheduleMethods>;

/** Schedules and continuous-training pipelines. */
export function scheduleHandlers(_ctx: ServiceContext): ScheduleMethods {
  return {};
}
