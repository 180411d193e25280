import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { api } from '../../api/client';
import { formatBytes } from '../../shell/bytes';
import { ErrorNote } from '../../shell/error-note';
import { formatDate, isImage, type BrowseRow } from './rows';
import { useThumbnailState } from './use-thumbnail';

type Details = MethodOutput<'browse.object'>;

function Preview({ sourceId, bucket, objectKey }: { sourceId: string; bucket: string; objectKey: string }) {
  const thumbnail = useThumbnailState(sourceId, bucket, objectKey, 256);
  if (thumbnail.state === 'ready')
    return <img src={thumbnail.url} alt={`Preview of ${objectKey}`} data-testid="details-thumbnail" />;
  if (thumbnail.state === 'failed')
    return (
      <p className="muted" data-testid="details-no-preview">
        No preview: {thumbnail.reason}
      </p>
    );
  return <p className="muted">Loading the preview…</p>;
}

/** The selected row's details: for an object its size, date, ETag, type and metadata, with a preview when it is an image. */
export function ObjectDetails({
  sourceId,
  bucket,
  row,
}: {
  sourceId: string;
  bucket: string | null;
  row: BrowseRow | undefined;
}) {
  const [details, setDetails] = useState<{ key: string; data: Details | null; error: unknown } | null>(null);
  const key = row?.kind === 'object' ? row.key : null;
  useEffect(() => {
    if (!key || bucket === null) return;
    let live = true;
    api.invoke('browse.object', { sourceId, bucket, key }).then(
      (data) => live && setDetails({ key, data, error: null }),
      (error: unknown) => live && setDetails({ key, data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [sourceId, bucket, key]);

  if (!row) return <aside className="details muted">Select a row to see its details.</aside>;
  if (row.kind === 'folder' || bucket === null)
    return (
      <aside className="details" data-testid="details">
        <h3>{row.name}</h3>
        <p className="muted">
          A {bucket === null ? 'bucket' : 'folder'}. Press Enter or double-click to open it; Backspace goes back up.
        </p>
      </aside>
    );
  const d = details?.key === row.key ? details : null;
  return (
    <aside className="details" data-testid="details" data-key={row.key}>
      <h3>
        {row.name}
        {d?.data?.cached && (
          <span className="badge" data-testid="details-local-copy" title="Read from a cached dataset version on this machine">
            local copy
          </span>
        )}
      </h3>
      {isImage(row.key) && <Preview sourceId={sourceId} bucket={bucket} objectKey={row.key} />}
      <dl className="facts">
        <dt>Size</dt>
        <dd>{row.size === null ? '' : `${formatBytes(row.size)} (${row.size.toLocaleString()} bytes)`}</dd>
        <dt>Modified</dt>
        <dd>{formatDate(row.modified)}</dd>
        {d?.data && (
          <>
            <dt>Type</dt>
            <dd>{d.data.contentType ?? 'unknown'}</dd>
            <dt>ETag</dt>
            <dd>
              <code>{d.data.etag}</code>
            </dd>
            {Object.entries(d.data.metadata).map(([k, v]) => (
              <span className="contents" key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </span>
            ))}
          </>
        )}
        <dt>Key</dt>
        <dd>
          <code>{row.key}</code>
        </dd>
      </dl>
      <ErrorNote error={d?.error} testId="details-error" />
    </aside>
  );
}
