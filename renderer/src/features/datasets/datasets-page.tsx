import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Dataset } from '../../../../shared/datasets';
import { api } from '../../api/client';
import { ErrorNote } from '../../shell/error-note';
import { pageById } from '../../shell/pages';
import { useBrowse } from '../../stores/browse-store';
import { useDatasets } from '../../stores/datasets-store';
import { useNav } from '../../stores/nav-store';
import { AddFolderForm, AddS3Form } from './add-source-forms';
import { loadMore, openSource } from './browse-actions';
import { CachePanel } from './cache-panel';
import { DatasetCard } from './dataset-card';
import { ObjectBrowser } from './object-browser';
import { RegisterDataset } from './register-dataset';
import { SourceList } from './source-list';
import { TransferForm, type TransferTarget } from './transfer-form';

type Panel =
  | { kind: 'add-s3' | 'add-folder' | 'register' }
  | { kind: 'download' | 'upload'; target: TransferTarget; at: 'dataset' | 'browser' }
  | null;

/** The register form on the loaded object names; they are gathered only while the form is open. */
function RegisterHere(props: { sourceId: string; bucket: string; prefix: string; onDone(): void }) {
  const objects = useBrowse((s) => s.objects);
  const names = useMemo(() => objects.toArray().map((r) => r.name), [objects]);
  return <RegisterDataset {...props} names={names} />;
}

/** Datasets: sources, the browser, registered datasets with their summaries, transfers and the local cache. */
export function DatasetsPage() {
  const { sources, datasets, loaded, error } = useDatasets();
  // Only the place: this page does not redraw when a page of rows arrives (the browser does).
  const browse = useBrowse(useShallow((s) => ({ sourceId: s.sourceId, bucket: s.bucket, prefix: s.prefix })));
  const go = useNav((s) => s.go);
  const [panel, setPanel] = useState<Panel>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const browser = useRef<HTMLHeadingElement>(null);
  const source = sources.find((s) => s.id === browse.sourceId);

  // Open a source on the first visit: the one holding the first dataset, else the first.
  useEffect(() => {
    if (browse.sourceId || !sources.length) return;
    const first = sources.find((s) => s.id === datasets[0]?.sourceId) ?? sources[0];
    if (first) openSource(first);
  }, [browse.sourceId, sources, datasets]);

  const browseDataset = (d: Dataset) => {
    useBrowse.getState().goTo({ sourceId: d.sourceId, bucket: d.bucket, prefix: d.prefix });
    void loadMore();
    browser.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };
  const cache = async ({ profileId, bucket, prefix }: { profileId: string; bucket: string; prefix: string }) => {
    setStartError(null);
    try {
      await api.invoke('cache.fill', { profileId, bucket, prefix });
    } catch (err) {
      setStartError(err);
    }
  };
  const here =
    source?.kind === 's3' && browse.bucket !== null
      ? { profileId: source.id, bucket: browse.bucket, prefix: browse.prefix, label: `${browse.bucket}/${browse.prefix}` }
      : null;

  return (
    <section className="page page-wide" data-testid="page-datasets" aria-labelledby="page-title">
      <h1 id="page-title">Datasets</h1>
      <p className="lead">{pageById('datasets').summary}</p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => setPanel({ kind: 'add-s3' })} data-testid="add-s3">
          Add an S3 endpoint
        </button>
        <button
          type="button"
          className="button-secondary"
          onClick={() => setPanel({ kind: 'add-folder' })}
          data-testid="add-folder"
        >
          Add a local folder
        </button>
        <button type="button" className="button-link" onClick={() => go('s3-setup')}>
          Set up S3 on an ONTAP volume…
        </button>
      </div>
      {panel?.kind === 'add-s3' && <AddS3Form onDone={() => setPanel(null)} />}
      {panel?.kind === 'add-folder' && <AddFolderForm onDone={() => setPanel(null)} />}
      {error && <p className="error">{error}</p>}
      {!loaded && !error && <p className="muted">Loading sources…</p>}
      {loaded && !sources.length && (
        <div className="empty" data-testid="datasets-empty">
          <p>No data source yet.</p>
          <p className="muted">
            Run the S3 setup wizard on Storage (it turns an ONTAP volume — or the built-in lab’s — into a bucket and saves its
            endpoint here), or add an S3 endpoint or a local folder above.
          </p>
          <button type="button" className="button" onClick={() => go('s3-setup')} data-testid="empty-open-wizard">
            Open the S3 setup wizard →
          </button>
        </div>
      )}

      {sources.length > 0 && (
        <>
          <h2>Registered datasets</h2>
          {datasets.length === 0 ? (
            <p className="muted" data-testid="no-datasets">
              None yet: open a folder of images below and press <strong>Register as dataset</strong>.
            </p>
          ) : (
            <div className="dataset-cards" data-testid="dataset-cards">
              {datasets.map((d) => (
                <DatasetCard
                  key={d.id}
                  dataset={d}
                  source={sources.find((s) => s.id === d.sourceId)}
                  onBrowse={() => browseDataset(d)}
                  onDownload={() =>
                    setPanel({
                      kind: 'download',
                      target: { profileId: d.sourceId, bucket: d.bucket, prefix: d.prefix, label: `the dataset “${d.name}”` },
                      at: 'dataset',
                    })
                  }
                  onCache={() => void cache({ profileId: d.sourceId, bucket: d.bucket, prefix: d.prefix })}
                />
              ))}
            </div>
          )}
          {panel?.kind === 'download' && panel.at === 'dataset' && (
            <TransferForm key={panel.target.label} target={panel.target} mode="download" onDone={() => setPanel(null)} />
          )}

          <h2 ref={browser}>Browse</h2>
          <SourceList sources={sources} />
          {source && (
            <ObjectBrowser
              source={source}
              actions={
                browse.bucket !== null && (
                  <>
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => setPanel({ kind: 'register' })}
                      data-testid="open-register"
                    >
                      Register as dataset…
                    </button>
                    {here && (
                      <>
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => setPanel({ kind: 'download', target: here, at: 'browser' })}
                          data-testid="open-download"
                        >
                          Download…
                        </button>
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => setPanel({ kind: 'upload', target: here, at: 'browser' })}
                          data-testid="open-upload"
                        >
                          Upload here…
                        </button>
                        <button
                          type="button"
                          className="button-secondary"
                          onClick={() => void cache(here)}
                          title="Keep a verified copy of this folder on this computer for training and previews"
                          data-testid="open-cache"
                        >
                          Cache locally
                        </button>
                      </>
                    )}
                  </>
                )
              }
            />
          )}
          <ErrorNote error={startError} testId="cache-start-error" />
          {panel?.kind === 'register' && source && browse.bucket !== null && (
            <RegisterHere
              key={`${source.id}/${browse.bucket}/${browse.prefix}`}
              sourceId={source.id}
              bucket={browse.bucket}
              prefix={browse.prefix}
              onDone={() => setPanel(null)}
            />
          )}
          {(panel?.kind === 'upload' || panel?.kind === 'download') && panel.at === 'browser' && (
            <TransferForm
              key={`${panel.kind}${panel.target.label}`}
              target={panel.target}
              mode={panel.kind}
              onDone={() => setPanel(null)}
            />
          )}
        </>
      )}
      <CachePanel />
    </section>
  );
}
