import type { z } from 'zod';
import { invalid, LabError } from '../model/errors';
import type { JsonRecord } from './query';

/** ONTAP's code for a body field the API does not know. */
export const UNEXPECTED_ARGUMENT = '262179';
/** The code the lab uses for a value of the wrong type or out of range. */
export const INVALID_VALUE = '262185';
/** The code the lab uses for a required field that is missing. */
export const MISSING_VALUE = '262186';

function isPlainObject(value: unknown): value is JsonRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function merge(target: JsonRecord, path: string[], value: unknown, fullKey: string): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '') throw invalid(`Unexpected argument "${fullKey}".`, fullKey, UNEXPECTED_ARGUMENT);
  if (!rest.length) {
    const existing = target[head];
    if (isPlainObject(existing) && isPlainObject(value)) {
      for (const [k, v] of Object.entries(value)) merge(existing, [k], v, `${fullKey}.${k}`);
    } else if (existing !== undefined) {
      throw invalid(`Field "${fullKey}" is given twice.`, fullKey, INVALID_VALUE);
    } else target[head] = value;
    return;
  }
  const child = target[head] ?? {};
  if (!isPlainObject(child)) throw invalid(`Field "${fullKey}" is given twice.`, fullKey, INVALID_VALUE);
  target[head] = child;
  merge(child, rest, value, fullKey);
}

/**
 * Turns ONTAP's dotted keys (`"svm.name": "svm1"`) into nested objects and merges them with
 * nested ones, so `{"nas": {"path": "/a"}, "nas.security_style": "unix"}` is one `nas` object.
 */
export function expandDottedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandDottedKeys);
  if (!isPlainObject(value)) return value;
  const out: JsonRecord = {};
  for (const [key, v] of Object.entries(value)) merge(out, key.split('.'), expandDottedKeys(v), key);
  return out;
}

/** Parses a request body: empty means `{}`; anything but a JSON object is refused as ONTAP does. */
export function parseJsonBody(text: string): JsonRecord {
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new LabError('2', `Invalid JSON input: ${(err as Error).message}`, 400);
  }
  if (!isPlainObject(parsed)) throw new LabError('2', 'Invalid JSON input: the body must be a JSON object.', 400);
  return expandDottedKeys(parsed) as JsonRecord;
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let current = body;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.filter((p) => typeof p === 'string').join('.');
}

/** Maps the first zod issue to ONTAP's error: an unknown field, a missing one, or a bad value. */
export function issueToError(issue: z.core.$ZodIssue, body: unknown): LabError {
  const at = dotted(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const field = [at, issue.keys[0]].filter(Boolean).join('.');
    return invalid(`Unexpected argument "${field}".`, field, UNEXPECTED_ARGUMENT);
  }
  const value = valueAt(body, issue.path);
  if (value === undefined) return invalid(`Field "${at}" is required.`, at, MISSING_VALUE);
  const expected =
    issue.code === 'invalid_type'
      ? ` (<${issue.expected === 'int' ? 'integer' : issue.expected}>)`
      : issue.code === 'invalid_value'
        ? ` (one of: ${issue.values.join(', ')})`
        : '';
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return invalid(`"${shown}" is an invalid value for field "${at}"${expected}.`, at, INVALID_VALUE);
}

/** Validates a parsed body with a strict schema; the first problem becomes ONTAP's error. */
export function validateBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalid('Invalid request body.', undefined, INVALID_VALUE);
  throw issueToError(issue, body);
}
