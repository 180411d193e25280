import { useEffect, useState } from 'react';
import { api } from '../../api/client';

/** Thumbnails already fetched (or being fetched), by source, bucket, key and size; the backend caches them on disk too. */
const cache = new Map<string, Promise<string | null>>();
const MAX_CACHED = 2000;
/** How long a row must stay on screen before its thumbnail is asked for, so a fast scroll asks for nothing. */
const SETTLE_MS = 120;

/** The data URL of an image's thumbnail, fetched only while the component showing it is mounted; null until then or on failure. */
export function useThumbnail(sourceId: string, bucket: string, key: string, size = 128): string | null {
  const id = `${sourceId}\n${bucket}\n${key}\n${size}`;
  const [url, setUrl] = useState<{ id: string; url: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      let pending = cache.get(id);
      if (!pending) {
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
        pending = api.invoke('browse.thumbnail', { sourceId, bucket, key, size }).then(
          (t) => t.dataUrl,
          () => null,
        );
        cache.set(id, pending);
      }
      void pending.then((u) => live && setUrl({ id, url: u }));
    }, SETTLE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [id, sourceId, bucket, key, size]);
  return url?.id === id ? url.url : null;
}
