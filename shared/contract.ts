import { z } from 'zod';
import { byId, method, noInput } from './method';
import { versionEvents, versionMethods } from './versions';
import { trainingEvents, trainingMethods } from './training';
import { modelEvents, modelMethods } from './models';
import { scheduleEvents, scheduleMethods } from './schedules';
import { jobProgressSchema, jobSnapshotSchema, jobStartedSchema, jobStateSchema } from './jobs';
import {
  connectionInputSchema,
  connectionSchema,
  connectionTestStepSchema,
  connectionUpdateSchema,
  discoverySchema,
} from './connections';
import { labStatusSchema } from './lab';
import { s3ProfileSchema, s3SetupInputSchema, s3SetupLogSchema, s3SetupPlanSchema, s3SetupResultSchema } from './s3setup';
import { machineProbeSchema } from './machine';
import {
  addFolderInputSchema,
  browseListInputSchema,
  browseListOutputSchema,
  bucketEntrySchema,
  datasetInputSchema,
  datasetSchema,
  objectDetailsSchema,
  objectRefSchema,
  s3ProfileInputSchema,
  sourceSchema,
  summaryInputSchema,
  summaryOutputSchema,
  thumbnailInputSchema,
  thumbnailSchema,
} from './datasets';
import {
  cacheFillInputSchema,
  cacheLimitsSchema,
  cacheRemoveInputSchema,
  cacheStatusSchema,
  transferDownloadInputSchema,
  transferUploadInputSchema,
} from './transfers';

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
  'connections.list': method(
    noInput,
    z.object({ connections: z.array(connectionSchema) }),
    'Saved ONTAP connections, the lab first.',
  ),
  'connections.add': method(
    connectionInputSchema,
    connectionSchema,
    'Saves a connection; the password goes to the secrets store.',
  ),
  'connections.update': method(
    connectionUpdateSchema,
    connectionSchema,
    'Changes a connection; an absent password keeps the stored one.',
  ),
  'connections.delete': method(byId, z.object({ deleted: z.boolean() }), 'Deletes a connection and its stored password.'),
  'connections.test': method(
    byId,
    jobStartedSchema,
    'Tests a connection step by step as a job; steps stream as connection.test events.',
  ),
  'connections.trust': method(
    z.object({ id: z.string().min(1), kind: z.enum(['certificate', 'host-key']), sha256: z.string().min(1) }).strict(),
    connectionSchema,
    'Pins the certificate or SSH host key the user was shown (by its SHA-256 fingerprint).',
  ),
  'connections.discover': method(
    byId,
    discoverySchema,
    'Reads the cluster: SVMs, volumes, data interfaces, S3 servers, buckets and users.',
  ),
  's3setup.plan': method(
    s3SetupInputSchema,
    s3SetupPlanSchema,
    'What the S3 wizard would do: each step with its CLI command and REST call.',
  ),
  's3setup.run': method(
    s3SetupInputSchema,
    jobStartedSchema,
    'Runs the S3 setup as a job; its log streams as s3setup.log events.',
  ),
  's3setup.result': method(
    z.object({ jobId: z.string().min(1) }).strict(),
    s3SetupResultSchema,
    'Where a setup run stands or ended.',
  ),
  's3setup.fixPermissions': method(
    z.object({ jobId: z.string().min(1) }).strict(),
    jobStartedSchema,
    'Applies the permission fix a setup run offered (PATCH nas.unix_permissions), then tests writing again.',
  ),
  's3profiles.list': method(noInput, z.object({ profiles: z.array(s3ProfileSchema) }), 'Saved S3 endpoint profiles.'),
  's3profiles.delete': method(byId, z.object({ deleted: z.boolean() }), 'Deletes a profile and its stored secret.'),
  's3profiles.reveal': method(
    byId,
    z.object({ secretAccessKey: z.string() }),
    'The secret key of a profile, for the user who asked to see it (the only way a secret reaches the renderer).',
  ),
  's3profiles.add': method(
    s3ProfileInputSchema,
    s3ProfileSchema,
    'Saves an S3 profile entered by hand; the secret key goes to the secrets store.',
  ),
  'sources.list': method(
    noInput,
    z.object({ sources: z.array(sourceSchema) }),
    'Every browsable source: S3 profiles, then local folders.',
  ),
  'sources.addFolder': method(addFolderInputSchema, sourceSchema, 'Adds a local folder as a source.'),
  'sources.remove': method(
    byId,
    z.object({ removed: z.boolean() }),
    'Removes a source: a folder from the list (its files stay), an S3 profile with its stored secret.',
  ),
  'browse.buckets': method(
    z.object({ sourceId: z.string().min(1) }).strict(),
    z.object({ buckets: z.array(bucketEntrySchema) }),
    'The buckets of a source (a local folder has one, ".").',
  ),
  'browse.list': method(
    browseListInputSchema,
    browseListOutputSchema,
    'One page of the folders and objects directly under a prefix; pass nextToken back for the next page.',
  ),
  'browse.object': method(objectRefSchema, objectDetailsSchema, 'One object’s details: size, date, ETag, type, metadata.'),
  'browse.thumbnail': method(
    thumbnailInputSchema,
    thumbnailSchema,
    'A JPEG thumbnail of an image, decoded and resized in the backend and cached on disk.',
  ),
  'datasets.register': method(
    datasetInputSchema,
    datasetSchema,
    'Registers a (source, bucket, prefix) with a label rule as a dataset.',
  ),
  'datasets.list': method(noInput, z.object({ datasets: z.array(datasetSchema) }), 'Registered datasets, oldest first.'),
  'datasets.delete': method(byId, z.object({ deleted: z.boolean() }), 'Forgets a dataset (its data stays where it is).'),
  'datasets.summary': method(
    summaryInputSchema,
    summaryOutputSchema,
    'A dataset’s stored summary, or the job computing it (object count, bytes, classes, image sizes).',
  ),
  'transfers.download': method(
    transferDownloadInputSchema,
    jobStartedSchema,
    'Downloads every object under a prefix into a local folder as a job: parallel, verified, resumable.',
  ),
  'transfers.upload': method(
    transferUploadInputSchema,
    jobStartedSchema,
    'Uploads files and folders under a prefix as a job: Content-MD5 checked, multipart where the endpoint supports it.',
  ),
  'cache.status': method(
    noInput,
    cacheStatusSchema,
    'The local cache of dataset versions: used and free space, and each version.',
  ),
  'cache.fill': method(cacheFillInputSchema, jobStartedSchema, 'Caches the version a prefix holds now, as a job.'),
  'cache.remove': method(cacheRemoveInputSchema, z.object({ removed: z.boolean() }), 'Drops one cached version.'),
  'cache.setLimits': method(cacheLimitsSchema, cacheStatusSchema, 'Sets the cache size limit and the expiry of unused versions.'),
  ...versionMethods,
  ...trainingMethods,
  ...modelMethods,
  ...scheduleMethods,
} as const;

/** Every event the backend publishes, declared once. */
export const events = {
  'job.progress': jobProgressSchema,
  'job.state': jobSnapshotSchema,
  'lab.state': labStatusSchema,
  'connection.test': connectionTestStepSchema,
  'connections.changed': z.object({ connections: z.array(connectionSchema) }),
  's3setup.log': s3SetupLogSchema,
  'datasets.changed': z.object({ datasets: z.array(datasetSchema) }),
  'sources.changed': z.object({ sources: z.array(sourceSchema) }),
  ...versionEvents,
  ...trainingEvents,
  ...modelEvents,
  ...scheduleEvents,
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
