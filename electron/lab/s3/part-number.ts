import type { ObjectInfo } from '../model/objects';
import { S3Error, s3Errors } from '../model/s3-errors';

/** The byte range of one part of an object, as `?partNumber=N` selects it. */
export interface PartSelection {
  start: number;
  end: number;
  /** `x-amz-mp-parts-count`; absent for a single-part object, as S3 omits it. */
  partsCount?: number;
}

const MAX_PART_NUMBER = 10_000;

/**
 * Reads `?partNumber=N` of GetObject/HeadObject as S3 does: undefined without it; part N of a
 * multipart object (its sizes recorded at completion); part 1 of a single-part object is the whole
 * object. A part past the last is 416 InvalidPartNumber; a malformed number is 400 InvalidArgument;
 * with a Range header too, 400 InvalidRequest.
 */
export function selectPart(raw: string | undefined, info: ObjectInfo, range: string | undefined): PartSelection | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PART_NUMBER)
    throw s3Errors.invalidArgument('Part number must be an integer between 1 and 10000, inclusive');
  if (range !== undefined) throw s3Errors.invalidRequest('Cannot specify both Range header and partNumber query parameter');
  const sizes = info.partSizes;
  if (!sizes?.length) {
    if (n !== 1 || info.size === 0) throw notSatisfiable();
    return { start: 0, end: info.size - 1 };
  }
  if (n > sizes.length) throw notSatisfiable();
  const start = sizes.slice(0, n - 1).reduce((a, b) => a + b, 0);
  return { start, end: start + (sizes[n - 1] ?? 0) - 1, partsCount: sizes.length };
}

const notSatisfiable = () => new S3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);
