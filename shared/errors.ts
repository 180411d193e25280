import { z } from 'zod';

/** Stable error codes that cross the contract; the UI keys its explanations and fixes on them. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'CANCELLED',
  'INTERNAL',
  'UNAUTHORIZED',
  'TRANSPORT_CLOSED',
  'PYTHON_NOT_FOUND',
  'HOST_UNREACHABLE',
  'TLS_UNTRUSTED',
  'ONTAP_AUTH_FAILED',
  'ONTAP_ERROR',
  'ONTAP_PRIVILEGE',
  'SSH_HOST_KEY_CHANGED',
  'SSH_HOST_KEY_UNKNOWN',
  'TLS_CERTIFICATE_CHANGED',
  'S3_UNREACHABLE',
  'S3_BAD_CREDENTIALS',
  'SECRETS_UNAVAILABLE',
  'S3_ACCESS_DENIED',
  'S3_MULTIPART_UNSUPPORTED',
  /** A snapshot, clone or model something depends on; the message names what. */
  'IN_USE',
  /** The record exists already or the state does not allow the change (e.g. a run that already ended). */
  'CONFLICT',
  /** The Python environment has no PyTorch (or torchvision); the hint is the install command. */
  'TORCH_MISSING',
  /** A training run failed or crashed; the message says why (the Python error, the exit code or signal). */
  'RUN_FAILED',
] as const;

/** One of the stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error shape every method failure takes on the wire. */
export const workbenchErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  hint: z.string().optional(),
  details: z.unknown().optional(),
});

/** A failure as the renderer sees it: what happened, and what to do about it. */
export type WorkbenchErrorShape = z.infer<typeof workbenchErrorSchema>;
