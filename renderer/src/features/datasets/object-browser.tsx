import { ArrowDown, ArrowUp } from 'lucide-react';
import { useCallback, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Source } from '../../../../shared/datasets';
import { useBrowse } from '../../stores/browse-store';
import { ExplainedError } from '../troubleshooting/troubleshoot-link';
import { goUp, homeBucket, loadMore, openPlace, openRow } from './browse-actions';
import { ObjectDetails } from './object-details';
import { ObjectList } from './object-list';
import { crumbsOf, isImage, viewRows, type BrowseRow, type SortKey } from './rows';
import { useThumbnail } from './use-thumbnail';

const SORTS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'size', label: 'Size' },
  { key: 'modified', label: 'Modified' },
];

function RowThumb({ sourceId, bucket, objectKey }: { sourceId: string; bucket: string; objectKey: string }) {
  const url = useThumbnail(sourceId, bucket, objectKey);
  return url ? <img src={url} alt="" data-testid="row-thumbnail" /> : null;
}

/** Where the browser is, as links: source › bucket › each folder of the prefix. */
function Breadcrumb({ source }: { source: Source }) {
  const { bucket, prefix } = useBrowse(useShallow((s) => ({ bucket: s.bucket, prefix: s.prefix })));
  const fixed = homeBucket(source) !== null;
  const here = (isHere: boolean) => (isHere ? ('location' as const) : undefined);
  return (
    <nav className="crumb-trail" aria-label="Location" data-testid="breadcrumb">
      <button
        type="button"
        aria-current={here(bucket === null || (fixed && !prefix))}
        onClick={() => openPlace(homeBucket(source), '')}
      >
        {source.name}
      </button>
      {bucket !== null && !fixed && (
        <>
          ›
          <button type="button" aria-current={here(!prefix)} onClick={() => openPlace(bucket, '')}>
            {bucket}
          </button>
        </>
      )}
      {crumbsOf(prefix).map((c) => (
        <span key={c.prefix} className="contents">
          ›
          <button type="button" aria-current={here(c.prefix === prefix)} onClick={() => openPlace(bucket, c.prefix)}>
            {c.label}
          </button>
        </span>
      ))}
    </nav>
  );
}

/** The bucket and prefix browser: breadcrumb, filter and sort over the loaded rows, the virtualized list and the details pane. */
export function ObjectBrowser({ source, actions }: { source: Source; actions: ReactNode }) {
  const { bucket, prefix, folders, objects, nextToken, pages, loading, error, selected, view, select, setView } = useBrowse();
  const shown = useMemo(() => viewRows(folders, objects, view), [folders, objects, view]);
  const loaded = folders.length + objects.length;
  const onNearEnd = useCallback(() => void loadMore(), []);
  const thumbnail = useCallback(
    (row: BrowseRow) =>
      bucket !== null && isImage(row.key) ? <RowThumb sourceId={source.id} bucket={bucket} objectKey={row.key} /> : null,
    [bucket, source.id],
  );
  const all = pages > 0 && nextToken === null;
  const retry = () => {
    useBrowse.getState().setError(null);
    void loadMore();
  };
  const sortBy = (key: SortKey) =>
    setView(view.sort === key ? { descending: !view.descending } : { sort: key, descending: false });
  return (
    <div className="browser" data-testid="browser">
      <Breadcrumb source={source} />
      <div className="browser-bar">
        <label className="visually-hidden" htmlFor="browse-filter">
          Filter by name
        </label>
        <input
          id="browse-filter"
          type="search"
          className="filter"
          placeholder="Filter by name…"
          value={view.filter}
          onChange={(e) => setView({ filter: e.target.value })}
          data-testid="browse-filter"
        />
        {actions}
      </div>
      <ExplainedError error={error} testId="browse-error" />
      {error !== null && (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={retry} data-testid="browse-retry">
            Try again
          </button>
        </div>
      )}
      {(error === null || loaded > 0) && (
        <div className="browser-split">
          <div>
            <div className="list-head" role="group" aria-label="Sort by">
              <span />
              {SORTS.map((s) => (
                <button
                  key={s.key}
                  type="button"
                  aria-pressed={view.sort === s.key}
                  className={s.key === 'name' ? undefined : 'num'}
                  onClick={() => sortBy(s.key)}
                  data-testid={`sort-${s.key}`}
                >
                  {s.label}{' '}
                  {view.sort === s.key &&
                    (view.descending ? (
                      <ArrowDown size={11} aria-label="descending" />
                    ) : (
                      <ArrowUp size={11} aria-label="ascending" />
                    ))}
                </button>
              ))}
            </div>
            <ObjectList
              rows={shown}
              selected={selected}
              onSelect={select}
              onOpen={openRow}
              onUp={() => goUp(source)}
              onNearEnd={onNearEnd}
              thumbnail={thumbnail}
              label={`Contents of ${bucket ?? source.name}`}
              resetKey={[source.id, bucket, prefix, view.sort, view.descending, view.filter].join('\n')}
            />
            <p className="list-foot" data-testid="list-foot" aria-live="polite">
              {loading && pages === 0
                ? 'Loading…'
                : `${view.filter ? `${shown.length.toLocaleString()} matching of ` : ''}${loaded.toLocaleString()} ${all ? 'rows — all loaded' : 'rows loaded so far — more load as you scroll'}${loading ? ' · loading…' : ''}.`}
              {!all && pages > 0 && ' Sort and filter apply to the loaded rows only.'} ↑↓ move · Enter opens a folder · Backspace
              goes up.
            </p>
            {all && loaded === 0 && !error && (
              <p className="muted" data-testid="browse-empty">
                {bucket === null ? 'This endpoint has no buckets yet.' : 'Nothing here yet: upload files into this folder.'}
              </p>
            )}
          </div>
          <ObjectDetails sourceId={source.id} bucket={bucket} row={shown.at(selected)} />
        </div>
      )}
    </div>
  );
}
