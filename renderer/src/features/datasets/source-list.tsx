import { FolderOpen, Server, Trash2 } from 'lucide-react';
import { useState } from 'react';
import type { Source } from '../../../../shared/datasets';
import { api } from '../../api/client';
import { refreshSources } from '../../api/datasets-refresh';
import { ErrorNote } from '../../shell/error-note';
import { useBrowse } from '../../stores/browse-store';
import { openSource } from './browse-actions';

/** The sources as a row of choices: S3 endpoints and local folders, the open one marked; each can be removed. */
export function SourceList({ sources }: { sources: Source[] }) {
  const current = useBrowse((s) => s.sourceId);
  const [error, setError] = useState<unknown>(null);
  const remove = async (source: Source) => {
    const what = source.kind === 's3' ? 'this S3 profile and its stored secret' : 'this folder from the list (its files stay)';
    if (!window.confirm(`Remove ${what}?`)) return;
    try {
      await api.invoke('sources.remove', { id: source.id });
      await refreshSources();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="sources" role="group" aria-label="Sources" data-testid="sources">
      {sources.map((s) => {
        const Icon = s.kind === 's3' ? Server : FolderOpen;
        return (
          <span key={s.id} className="source-chip">
            <button
              type="button"
              className="source"
              aria-pressed={s.id === current}
              onClick={() => openSource(s)}
              data-testid="source"
              data-source-kind={s.kind}
              data-source-name={s.name}
              title={s.location}
            >
              <Icon size={15} aria-hidden />
              <span>
                {s.name}
                <span className="source-sub">
                  {s.kind === 's3' ? `S3 · ${s.location}${s.bucket ? ` · ${s.bucket}` : ''}` : `Folder · ${s.location}`}
                </span>
              </span>
            </button>
            <button type="button" className="icon-button" aria-label={`Remove ${s.name}`} onClick={() => void remove(s)}>
              <Trash2 size={13} aria-hidden />
            </button>
          </span>
        );
      })}
      <ErrorNote error={error} testId="source-error" />
    </div>
  );
}
