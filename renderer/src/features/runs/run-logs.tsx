import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useRuns } from '../../stores/runs-store';

/** The run's output (stdout and stderr), following new lines while scrolled to the bottom. */
export function RunLogs({ runId, ended }: { runId: string; ended: boolean }) {
  const log = useRuns((s) => s.logs[runId]);
  const box = useRef<HTMLPreElement>(null);
  const [follow, setFollow] = useState(true);
  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [log, follow]);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Scrolling up stops following; scrolling back to the bottom resumes it.
    const onScroll = () => setFollow(el.scrollHeight - el.scrollTop - el.clientHeight < 24);
    el.addEventListener('scroll', onScroll);
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  return (
    <div className="run-logs">
      {log?.truncated && <p className="muted">Only the last lines are shown; the whole log is kept with the run.</p>}
      <pre ref={box} className="log-box" data-testid="run-logs" tabIndex={0} aria-label="Run output">
        {log ? log.text || (ended ? 'The run printed nothing.' : 'Nothing printed yet.') : 'Loading…'}
      </pre>
      {!follow && (
        <button type="button" className="button-small" onClick={() => setFollow(true)}>
          Follow new lines
        </button>
      )}
    </div>
  );
}
