import { useMemo } from 'react';
import { useNav } from '../../stores/nav-store';
import { RunCompare } from './run-compare';
import { RunDetailPage } from './run-detail';
import { RunsList } from './runs-list';
import { StartRunForm } from './start-run-form';

/** The address of a comparison, readable: `#/runs/compare/<id>,<id>`. */
export function compareHash(ids: readonly string[]): string {
  return `#/runs/compare/${ids.map(encodeURIComponent).join(',')}`;
}

/** Runs: the table (#/runs), the start form (#/runs/new), a run (#/runs/<id>) and a comparison (#/runs/compare/<ids>). */
export function RunsPage() {
  const param = useNav((s) => s.param);
  const route = useMemo(() => {
    if (!param) return { view: 'list' as const };
    if (param === 'new') return { view: 'new' as const };
    if (param.startsWith('compare/')) return { view: 'compare' as const, ids: param.slice('compare/'.length) };
    return { view: 'detail' as const, id: param };
  }, [param]);
  if (route.view === 'new') return <StartRunForm />;
  if (route.view === 'compare') return <RunCompare idsParam={route.ids} />;
  if (route.view === 'detail') return <RunDetailPage key={route.id} runId={route.id} />;
  return <RunsList />;
}
