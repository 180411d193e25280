import { CornerLeftUp, Folder, Image as ImageIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { BrowseListPage, Dataset } from '../../../../shared/datasets';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { isImage } from '../datasets/rows';

/** An object of a dataset's source. */
export interface PickedObject {
  sourceId: string;
  bucket: string;
  key: string;
}

const PAGE = 500;

/** The parent folder of a prefix ("a/b/" → "a/"). */
function parentOf(prefix: string): string {
  const trimmed = prefix.slice(0, -1);
  const at = trimmed.lastIndexOf('/');
  return at < 0 ? '' : trimmed.slice(0, at + 1);
}

/** Browses a registered dataset folder by folder and picks one image. */
export function ImagePicker({
  datasets,
  picked,
  onPick,
}: {
  datasets: Dataset[];
  picked: PickedObject | null;
  onPick: (o: PickedObject) => void;
}) {
  const [datasetId, setDatasetId] = useState(datasets[0]?.id ?? '');
  const dataset = datasets.find((d) => d.id === datasetId) ?? datasets[0];
  const [prefix, setPrefix] = useState(dataset?.prefix ?? '');
  const [page, setPage] = useState<BrowseListPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (dataset) setPrefix(dataset.prefix);
  }, [dataset]);
  useEffect(() => {
    if (!dataset) return;
    let live = true;
    setPage(null);
    setError(null);
    api.invoke('browse.list', { sourceId: dataset.sourceId, bucket: dataset.bucket, prefix, maxKeys: PAGE }).then(
      (p) => live && setPage(p),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [dataset, prefix]);

  if (!dataset) {
    return (
      <p className="muted" data-testid="picker-no-datasets">
        No dataset registered yet: register one on the <a href="#/datasets">Datasets</a> page, or give a local file below.
      </p>
    );
  }
  const images = page?.objects.filter((o) => isImage(o.key)) ?? [];
  return (
    <div className="image-picker" data-testid="image-picker">
      <label className="field">
        <span>Dataset</span>
        <select value={dataset.id} onChange={(e) => setDatasetId(e.target.value)} data-testid="picker-dataset">
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <p className="muted mono picker-where">
        {dataset.bucket}/{prefix}
      </p>
      <ul className="picker-list" aria-label="Folders and images" data-testid="picker-list">
        {prefix !== dataset.prefix && prefix !== '' && (
          <li>
            <button type="button" className="picker-item" onClick={() => setPrefix(parentOf(prefix))}>
              <CornerLeftUp size={14} aria-hidden /> ..
            </button>
          </li>
        )}
        {page?.folders.map((f) => (
          <li key={f.prefix}>
            <button type="button" className="picker-item" onClick={() => setPrefix(f.prefix)} data-testid="picker-folder">
              <Folder size={14} aria-hidden /> {f.name}/
            </button>
          </li>
        ))}
        {images.map((o) => {
          const isPicked = picked?.key === o.key && picked.sourceId === dataset.sourceId;
          return (
            <li key={o.key}>
              <button
                type="button"
                className={`picker-item${isPicked ? ' picker-picked' : ''}`}
                aria-pressed={isPicked}
                onClick={() => onPick({ sourceId: dataset.sourceId, bucket: dataset.bucket, key: o.key })}
                data-testid="picker-image"
              >
                <ImageIcon size={14} aria-hidden /> {o.name}
              </button>
            </li>
          );
        })}
        {page && !page.folders.length && !images.length && <li className="muted">No images here.</li>}
        {!page && !error && <li className="muted">Loading…</li>}
      </ul>
      {page?.nextToken && <p className="muted small">Showing the first {PAGE} entries of this folder.</p>}
      <ErrorNote error={error} testId="picker-error" />
    </div>
  );
}
