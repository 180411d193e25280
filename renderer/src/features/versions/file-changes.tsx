import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Comparison, FileChange } from '../../../../shared/versions';
import { formatBytes } from '../../shell/bytes';

const LABEL: Record<FileChange['change'], string> = { added: 'added', removed: 'removed', changed: 'changed' };

/** The counts of a comparison, in words. */
export function ChangeCounts({ c }: { c: Comparison }) {
  return (
    <p className="change-counts" data-testid="change-counts">
      <span className="change-added">{c.added} added</span> · <span className="change-removed">{c.removed} removed</span> ·{' '}
      <span className="change-changed">{c.changed} changed</span> · <span className="muted">{c.unchanged} unchanged</span>
    </p>
  );
}

/** Every changed file, virtualized so a comparison of 100,000 files scrolls as smoothly as one of ten. */
export function FileChangeList({ files, testId = 'file-changes' }: { files: FileChange[]; testId?: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: files.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 26,
    overscan: 12,
  });
  if (!files.length) return <p className="muted">No file differs.</p>;
  return (
    <div ref={scroller} className="file-changes" data-testid={testId} role="list" tabIndex={0} aria-label="Changed files">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const f = files[row.index]!;
          return (
            <div
              key={f.path}
              role="listitem"
              className={`file-change file-change-${f.change}`}
              data-testid="file-change"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${row.start}px)`,
                height: row.size,
              }}
            >
              <span className="file-change-kind">{LABEL[f.change]}</span>
              <span className="file-change-path">{f.path}</span>
              <span className="num muted">
                {f.change === 'changed'
                  ? `${formatBytes(f.fromSize ?? 0)} → ${formatBytes(f.toSize ?? 0)}`
                  : formatBytes((f.toSize ?? f.fromSize) as number)}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
