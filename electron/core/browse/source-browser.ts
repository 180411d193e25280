import type { BrowseListPage, ObjectEntry } from '../../../shared/datasets';

/** What one listing page is asked for. */
export interface ListRequest {
  bucket: string;
  prefix: string;
  continuationToken?: string;
  maxKeys: number;
}

/** An object's details, as `browse.object` answers them. */
export interface ObjectDetails extends ObjectEntry {
  contentType: string | null;
  metadata: Record<string, string>;
}

/** The same browsing operations over an S3 endpoint or a local folder. */
export interface SourceBrowser {
  buckets(signal?: AbortSignal): Promise<{ name: string; createdAt: string | null }[]>;
  /** One page of the folders and objects directly under a prefix (delimiter "/"). */
  list(request: ListRequest, signal?: AbortSignal): Promise<BrowseListPage>;
  /** Every object under a prefix, at any depth, a batch at a time (for summaries). */
  walk(bucket: string, prefix: string, signal?: AbortSignal): AsyncIterable<ObjectEntry[]>;
  details(bucket: string, key: string, signal?: AbortSignal): Promise<ObjectDetails>;
  /** An object's bytes; callers check its size first. */
  read(bucket: string, key: string, signal?: AbortSignal): Promise<Buffer>;
  close(): void;
}

/** The last segment of a key or prefix, without a trailing "/": what a list shows. */
export function entryName(keyOrPrefix: string): string {
  const trimmed = keyOrPrefix.endsWith('/') ? keyOrPrefix.slice(0, -1) : keyOrPrefix;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  avif: 'image/avif',
  bmp: 'image/bmp',
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
};

/** The content type a file name suggests, or null. */
export function typeFromName(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? null : (TYPES[name.slice(dot + 1).toLowerCase()] ?? null);
}

/** True when the name or the stored content type says image. */
export function looksLikeImage(name: string, contentType: string | null): boolean {
  return (typeFromName(name)?.startsWith('image/') ?? false) || (contentType?.startsWith('image/') ?? false);
}
