import { pageById } from '../../shell/pages';
import { useApp } from '../../stores/app-store';
import { LabCard } from './lab-card';

/** Storage: the connections the app can use; for now the built-in lab. */
export function StoragePage() {
  const lab = useApp((s) => s.lab);
  return (
    <section className="page" data-testid="page-storage" aria-labelledby="page-title">
      <h1 id="page-title">Storage</h1>
      <p className="lead">{pageById('storage').summary}</p>
      <LabCard lab={lab} />
    </section>
  );
}
