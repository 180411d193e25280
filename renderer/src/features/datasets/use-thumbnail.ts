import { useEffect, useState } from 'react';
import { api } from '../../api/client';

/** A thumbnail as fetched: its data URL, or why there is none. */
type Fetched = { url: string; failure: null } | { url: null; failure: string };

/** Thumbnails already fetched (or being fetched), by source, bucket, key and size; the backend caches them on disk too. */
const cache = new Map<string, Promise<Fetched>>();
const MAX_CACHED = 2000;
/** How long a row must stay on screen before its thumbnail is asked for, so a fast scroll asks for nothing. */
const SETTLE_MS = 120;

/** What a preview shows: still loading, the image, or why there is none (an empty or unreadable file). */
export type ThumbnailState = { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed'; reason: string };

/** An image's thumbnail, fetched only while the component showing it is mounted, with its loading and failure states. */
export function useThumbnailState(sourceId: string, bucket: string, key: string, size = 128): ThumbnailState {
  const id = `${sourceId}\n${bucket}\n${key}\n${size}`;
  const [got, setGot] = useState<{ id: string; fetched: Fetched } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      let pending = cache.get(id);
      if (!pending) {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
        pending = api.invoke('browse.thumbnail', { sourceId, bucket, key, size }).then(
          (t): Fetched => ({ url: t.dataUrl, failure: null }),
          (err: unknown): Fetched => ({ url: null, failure: err instanceof Error ? err.message : String(err) }),
        );
        cache.set(id, pending);
      }
      void pending.then((fetched) => live && setGot({ id, fetched }));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, sourceId, bucket, key, size]);
  if (got?.id !== id) return { state: 'loading' };
  return got.fetched.url !== null ? { state: 'ready', url: got.fetched.url } : { state: 'failed', reason: got.fetched.failure };
}

/** The data URL of an image's thumbnail; null while loading or when there is none. */
export function useThumbnail(sourceId: string, bucket: string, key: string, size = 128): string | null {
  const t = useThumbnailState(sourceId, bucket, key, size);
  return t.state === 'ready' ? t.url : null;
}
