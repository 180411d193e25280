/** Schedules and continuous-training pipelines (issue 8): methods and events. */
export const scheduleMethods = {} as const;

/** Events of schedules and pipeline runs. */
export const scheduleEvents = {} as const;
