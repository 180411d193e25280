import { z } from 'zod';
import { workbenchErrorSchema } from './errors';

/** The built-in lab as the app runs it: starting (with progress), running (with endpoints), failed or off. */
export const labStatusSchema = z.object({
  state: z.enum(['off', 'starting', 'running', 'failed']),
  message: z.string(),
  progress: z.object({ done: z.number(), total: z.number() }).nullable(),
  cluster: z.object({ name: z.string(), version: z.string() }).nullable(),
  endpoints: z
    .object({
      rest: z.string(),
      ssh: z.object({ host: z.string(), port: z.number() }),
      s3: z.record(z.string(), z.string()),
    })
    .nullable(),
  username: z.string().nullable(),
  /** Where the lab keeps its data and its admin password (lab.json, owner-only); the password never reaches the renderer. */
  dataDir: z.string().nullable(),
  error: workbenchErrorSchema.nullable(),
});

/** The local lab's state. */
export type LabStatus = z.infer<typeof labStatusSchema>;

/** The state before anything started the lab. */
export const LAB_OFF: LabStatus = {
  state: 'off',
  message: 'The local lab is off.',
  progress: null,
  cluster: null,
  endpoints: null,
  username: null,
  dataDir: null,
  error: null,
};
