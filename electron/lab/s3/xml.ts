import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { S3Error } from '../model/s3-errors';

/** S3's XML namespace. */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** An XML element's content: text, a number, nested elements, or repeated elements. */
export type XmlValue = string | number | boolean | null | undefined | XmlElement | XmlValue[];
/** Nested elements by name; undefined ones are left out. */
export interface XmlElement {
  [name: string]: XmlValue;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

function prune(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: XmlElement = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v === null ? '' : prune(v);
    return out;
  }
  return value;
}

/** Renders an S3 response document: `<?xml …?><Root xmlns="…">…</Root>`. */
export function renderXml(root: string, body: XmlElement, namespace = true): string {
  const element = prune(body) as XmlElement;
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: namespace ? { '@_xmlns': S3_NAMESPACE, ...element } : element,
  }) as string;
}

/** S3's error body: `<Error><Code/><Message/><Resource/><RequestId/>…</Error>`. */
export function renderError(err: S3Error, resource: string, requestId: string): string {
  return renderXml(
    'Error',
    { Code: err.code, Message: err.message, ...err.extra, Resource: resource, RequestId: requestId },
    false,
  );
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  // Keys may begin or end with spaces; nothing in a request body is trimmed.
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'Object' || name === 'Part',
});

/** Parses a request's XML body; MalformedXML when it is not well-formed or lacks the expected root. */
export function parseXml(body: Buffer | string, root: string): Record<string, unknown> {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(body.toString()) as Record<string, unknown>;
  } catch {
    throw malformedXml();
  }
  const value = doc[root];
  if (!value || typeof value !== 'object') throw malformedXml();
  return value as Record<string, unknown>;
}

/** The error for an XML body S3 cannot read. */
export function malformedXml(): S3Error {
  return new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema.',
    400,
  );
}

/** The text of a child element, or undefined. */
export function childText(element: unknown, name: string): string | undefined {
  if (!element || typeof element !== 'object') return undefined;
  const value = (element as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && Object.keys(value).length === 0) return '';
  return undefined;
}

/** Repeated child elements as an array (empty when absent). */
export function children(element: Record<string, unknown>, name: string): unknown[] {
  const value = element[name];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** S3's timestamp format in XML bodies: ISO 8601 with milliseconds. */
export function xmlDate(date: Date): string {
  return date.toISOString();
}

/** An ETag as S3 writes it: quoted. */
export function quoteEtag(etag: string): string {
  return `"${etag}"`;
}
