import { z } from 'zod';
import { jobProgressSchema, jobSnapshotSchema, jobStartedSchema, jobStateSchema } from './jobs';
import { labStatusSchema } from './lab';
import { machineProbeSchema } from './machine';

/** Declares one method: its input and output schemas. */
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) => ({
  input,
  output,
  summary,
});

const noInput = z.object({}).strict();

/** What `app.info` answers: the app, where its data lives, and the machine probe. */
export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  mode: z.enum(['desktop', 'browser', 'test']),
  dataDir: z.string(),
  machine: machineProbeSchema,
});

/** The app information shown in Settings and the status bar. */
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * Every method the backend offers, declared once. Main (IPC), the browser-mode server (WebSocket)
 * and the renderer client are all typed and validated from this table.
 */
export const methods = {
  'app.info': method(noInput, appInfoSchema, 'The app version, data directory and the machine probe.'),
  'app.probeMachine': method(
    noInput,
    jobStartedSchema,
    'Probes Python, PyTorch and GPUs again, as a job; app.info answers with the new result once it ends.',
  ),
  'jobs.list': method(noInput, z.object({ jobs: z.array(jobSnapshotSchema) }), 'Every job of this session, newest first.'),
  'jobs.cancel': method(
    z.object({ jobId: z.string().min(1, 'give the jobId from jobs.list') }).strict(),
    z.object({ cancelled: z.boolean(), state: jobStateSchema }),
    'Asks a running job to stop; a job that already ended is left as it is.',
  ),
  'lab.status': method(noInput, labStatusSchema, 'The built-in local lab: starting, running with its endpoints, failed, or off.'),
} as const;

/** Every event the backend publishes, declared once. */
export const events = {
  'job.progress': jobProgressSchema,
  'job.state': jobSnapshotSchema,
  'lab.state': labStatusSchema,
} as const;

/** A method's name. */
export type MethodName = keyof typeof methods;
/** What a method takes. */
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
/** What a method answers. */
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;
/** An event's name. */
export type EventName = keyof typeof events;
/** An event's payload. */
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** The names the preload bridge and the server accept; anything else is refused. */
export const methodNames = Object.keys(methods) as MethodName[];
/** The event names a renderer may subscribe to. */
export const eventNames = Object.keys(events) as EventName[];

/** True when `name` is a method of the contract. */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
