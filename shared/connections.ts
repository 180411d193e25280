import { z } from 'zod';
import { ERROR_CODES } from './errors';

/** A host name or IP address, as a user types it (no scheme, no port, no path). */
const hostSchema = z
  .string()
  .trim()
  .min(1, 'give the management address of the cluster or SVM, e.g. 10.0.0.5 or fsx.example.com')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'give a host name or IP address only, without https:// or a path');
const portSchema = z.number().int().min(1, 'ports are 1 to 65535').max(65535, 'ports are 1 to 65535');

/** A saved connection to an ONTAP cluster or SVM management endpoint. Its password lives in the secrets store. */
export const connectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  restPort: z.number(),
  sshPort: z.number(),
  username: z.string(),
  /** REST by default; the CLI over SSH where the user prefers it. */
  protocol: z.enum(['rest', 'ssh']),
  /** Whether a password is stored; the password itself never leaves the backend. */
  hasPassword: z.boolean(),
  /** The pinned certificate of the REST endpoint (SHA-256 fingerprint, hex with colons), when the user trusted a self-signed one. */
  pinnedCertificate: z.object({ sha256: z.string(), subject: z.string() }).nullable(),
  /** The SSH host key trusted on first use. */
  sshHostKey: z.object({ sha256: z.string() }).nullable(),
  /** The built-in lab's connection, kept up to date by the app. */
  isLab: z.boolean(),
  createdAt: z.string(),
});

/** A saved connection. */
export type Connection = z.infer<typeof connectionSchema>;

/** The fields a user gives for a connection, without defaults (an edit must not reset what it leaves out). */
const connectionFields = {
  name: z.string().trim().min(1, 'give the connection a name, e.g. "FSx production"').max(100),
  host: hostSchema,
  restPort: portSchema,
  sshPort: portSchema,
  username: z.string().trim().min(1, 'give the ONTAP user, e.g. fsxadmin or vsadmin').max(128),
  password: z.string().min(1, 'give the password of that user').max(1024),
  protocol: z.enum(['rest', 'ssh']),
};

/** What adding a connection takes. */
export const connectionInputSchema = z
  .object({
    ...connectionFields,
    restPort: connectionFields.restPort.default(443),
    sshPort: connectionFields.sshPort.default(22),
    protocol: connectionFields.protocol.default('rest'),
  })
  .strict();

/** What editing a connection takes: its id and the fields to change (an absent field, the password too, keeps its value). */
export const connectionUpdateSchema = z
  .object(connectionFields)
  .partial()
  .extend({ id: z.string().min(1) })
  .strict();

/** One step of a connection test, as it streams to the UI. */
export const connectionTestStepSchema = z.object({
  jobId: z.string(),
  connectionId: z.string(),
  step: z.enum(['dns', 'tcp-rest', 'tcp-ssh', 'tls', 'login', 'version', 'privileges', 'ssh-login', 'ssh-host-key']),
  status: z.enum(['running', 'ok', 'warning', 'failed', 'skipped']),
  /** What happened, in plain words. */
  message: z.string(),
  /** The fix, when something is wrong. */
  hint: z.string().optional(),
  /** The stable error code of a failed (or warning) step, for the UI to key its explanation on. */
  code: z.enum(ERROR_CODES).optional(),
  /** For an untrusted certificate or a new host key: what the user is asked to trust. */
  trust: z.object({ kind: z.enum(['certificate', 'host-key']), sha256: z.string(), subject: z.string().optional() }).optional(),
});

/** A `connection.test` event. */
export type ConnectionTestStep = z.infer<typeof connectionTestStepSchema>;

/** What the discovery view shows of a cluster (no secrets: S3 users without their keys). */
export const discoverySchema = z.object({
  cluster: z.object({ name: z.string(), version: z.string() }).nullable(),
  svms: z.array(z.object({ name: z.string(), uuid: z.string(), state: z.string() })),
  volumes: z.array(
    z.object({
      uuid: z.string(),
      name: z.string(),
      svm: z.string(),
      size: z.number(),
      used: z.number(),
      junctionPath: z.string().nullable(),
      isClone: z.boolean(),
    }),
  ),
  interfaces: z.array(
    z.object({ name: z.string(), svm: z.string(), address: z.string(), services: z.array(z.string()), state: z.string() }),
  ),
  s3: z.object({
    services: z.array(
      z.object({
        svm: z.string(),
        name: z.string(),
        enabled: z.boolean(),
        http: z.boolean(),
        https: z.boolean(),
        port: z.number(),
        securePort: z.number(),
      }),
    ),
    buckets: z.array(z.object({ svm: z.string(), name: z.string(), type: z.string(), nasPath: z.string().nullable() })),
    users: z.array(z.object({ svm: z.string(), name: z.string(), accessKey: z.string().nullable() })),
  }),
  /** What the account could not read (an SVM-scoped account cannot see the cluster), in plain words. */
  limits: z.array(z.string()),
});

/** A discovered cluster. */
export type Discovery = z.infer<typeof discoverySchema>;
