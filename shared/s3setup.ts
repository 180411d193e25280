import { z } from 'zod';

/** S3 bucket names as ONTAP accepts them: 3–63 characters of lower-case letters, digits, "." and "-". */
export const bucketNameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'use 3 to 63 characters of lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
  )
  .refine((n) => !n.includes('..'), 'a bucket name cannot contain ".."');

/** What the S3 setup wizard is asked to do. */
export const s3SetupInputSchema = z
  .object({
    connectionId: z.string().min(1),
    svm: z.string().min(1, 'choose an SVM'),
    volume: z.union([
      z.object({ existing: z.string().min(1, 'choose a volume') }).strict(),
      z
        .object({
          create: z
            .object({
              name: z
                .string()
                .regex(/^[A-Za-z_][A-Za-z0-9_]{0,202}$/, 'start with a letter or "_", then letters, digits and "_"'),
              sizeBytes: z
                .number()
                .int()
                .min(20 * 1024 * 1024, 'a volume is at least 20 MB'),
              junctionPath: z.string().regex(/^\/[^\s]*$/, 'a junction path starts with "/", e.g. /datasets'),
            })
            .strict(),
        })
        .strict(),
    ]),
    serverName: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,253}$/, 'letters, digits, "_", "." and "-"')
      .default('fsx_s3'),
    http: z.boolean().default(true),
    https: z.boolean().default(false),
    userName: z
      .string()
      .regex(/^[A-Za-z0-9_.@+=,-]{1,64}$/, 'letters, digits and _.@+=,-')
      .default('s3user'),
    groupName: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, "_", "." and "-"')
      .default('s3group'),
    policy: z.enum(['FullAccess', 'ReadOnlyAccess']).default('FullAccess'),
    bucketName: bucketNameSchema,
    /** Issue new keys when the user exists but no secret is stored (existing clients of the old keys stop working). */
    regenerateKeys: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.http || v.https, { message: 'enable HTTP, HTTPS or both', path: ['http'] });

/** A wizard request. */
export type S3SetupInput = z.infer<typeof s3SetupInputSchema>;

/** One step of the plan: what it does, whether it creates or reuses, and the exact CLI command and REST call. */
export const planStepSchema = z.object({
  id: z.enum(['volume', 'server', 'user', 'group', 'bucket', 'interface', 'endpoint-test', 'profile', 'permissions']),
  title: z.string(),
  action: z.enum(['create', 'reuse', 'check', 'regenerate', 'blocked']),
  /** Why the step is reused or blocked, in plain words. */
  note: z.string().optional(),
  cli: z.string().nullable(),
  rest: z.object({ method: z.string(), path: z.string(), body: z.unknown().optional() }).nullable(),
});

/** The reviewed plan. */
export const s3SetupPlanSchema = z.object({
  steps: z.array(planStepSchema),
  warnings: z.array(z.string()),
});

/** What the plan step shows. */
export type S3SetupPlan = z.infer<typeof s3SetupPlanSchema>;

/** A live log line of a running setup. */
export const s3SetupLogSchema = z.object({
  jobId: z.string(),
  stepId: planStepSchema.shape.id,
  status: z.enum(['running', 'ok', 'reused', 'warning', 'failed']),
  message: z.string(),
  hint: z.string().optional(),
  /** The troubleshooting entry that explains a failure. */
  troubleshoot: z.enum(['unreachable', 'privilege', 'multipart', 'access-denied', 'custom-endpoint', 'keys-unknown']).optional(),
});

/** An `s3setup.log` event. */
export type S3SetupLog = z.infer<typeof s3SetupLogSchema>;

/** Where a finished setup left things. */
export const s3SetupResultSchema = z.object({
  state: z.enum(['running', 'done', 'needs-attention', 'failed']),
  endpoint: z.string().nullable(),
  bucket: z.string(),
  dataInterface: z.object({ name: z.string(), address: z.string() }).nullable(),
  keysStored: z.boolean(),
  multipartSupported: z.boolean().nullable(),
  writable: z.boolean().nullable(),
  /** The fix the user is offered (shown before it runs): the volume's UNIX permissions. */
  permissionFix: z
    .object({
      volume: z.string(),
      from: z.string(),
      to: z.string(),
      cli: z.string(),
      rest: z.object({ method: z.string(), path: z.string(), body: z.unknown() }),
    })
    .nullable(),
  profileId: z.string().nullable(),
});

/** A setup's outcome. */
export type S3SetupResult = z.infer<typeof s3SetupResultSchema>;

/** A saved S3 endpoint profile: what the dataset browser connects with. The secret stays in the store. */
export const s3ProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  endpoint: z.string(),
  region: z.string(),
  bucket: z.string().nullable(),
  pathStyle: z.boolean(),
  accessKeyId: z.string(),
  hasSecret: z.boolean(),
  /** Where the profile came from (a wizard run on a connection), for lineage. */
  connectionId: z.string().nullable(),
  multipartSupported: z.boolean().nullable(),
  createdAt: z.string(),
});

/** A saved S3 profile. */
export type S3Profile = z.infer<typeof s3ProfileSchema>;
