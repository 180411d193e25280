import { z } from 'zod';
import { invalid } from '../../model/errors';
import { MISSING_VALUE } from '../body';
import type { RestRequest } from '../types';

/** `{name, uuid}` as ONTAP takes references to other records: either or both. */
export const ref = z.strictObject({ name: z.string().optional(), uuid: z.string().optional() });

/**
 * The SVM a request names: `svm.uuid` or `svm.name` in the body, else the `X-Dot-SVM-UUID` /
 * `X-Dot-SVM-Name` header ONTAP uses to scope a request to an SVM.
 */
export function svmOf(svm: z.output<typeof ref> | undefined, req: RestRequest): string {
  const header = req.headers['x-dot-svm-uuid'] ?? req.headers['x-dot-svm-name'];
  const found = svm?.uuid ?? svm?.name ?? (typeof header === 'string' ? header : undefined);
  if (!found) throw invalid('Field "svm.name" is required.', 'svm.name', MISSING_VALUE);
  return found;
}
