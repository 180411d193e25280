import { useNav } from '../stores/nav-store';
import { pageById, type Page } from './pages';

/** A page that has nothing to show yet: what it will do, and the step that comes first. */
export function EmptyPage({ page }: { page: Page }) {
  const go = useNav((s) => s.go);
  const first = page.first ? pageById(page.first) : null;
  return (
    <section className="page" data-testid={`page-${page.id}`} aria-labelledby="page-title">
      <h1 id="page-title">{page.label}</h1>
      <p className="lead">{page.summary}</p>
      <div className="empty">
        <p>Nothing here yet.</p>
        {page.next && <p className="muted">{page.next}</p>}
        {first && (
          <button type="button" className="button" data-testid="first-step" onClick={() => go(first.id)}>
            Go to {first.label} →
          </button>
        )}
      </div>
    </section>
  );
}
