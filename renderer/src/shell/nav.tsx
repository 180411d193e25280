import { CalendarClock, ChartLine, Database, History, Images, Package, Settings, type LucideIcon } from 'lucide-react';
import { useEffect } from 'react';
import { useNav } from '../stores/nav-store';
import { PAGES, sectionOf, type PageId } from './pages';

const ICONS: Record<PageId, LucideIcon> = {
  storage: Database,
  datasets: Images,
  versions: History,
  runs: ChartLine,
  models: Package,
  schedules: CalendarClock,
  settings: Settings,
};

/** The left navigation; Alt+1…7 jumps to a page. */
export function Nav() {
  const section = useNav((s) => sectionOf(s.page));
  const go = useNav((s) => s.go);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = PAGES[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <nav className="nav" aria-label="Main">
      <div className="nav-brand">
        <span className="nav-logo" aria-hidden>
          ◆
        </span>
        <span>
          ONTAP MLOps
          <br />
          Workbench
        </span>
      </div>
      <ul>
        {PAGES.map((p, i) => {
          const Icon = ICONS[p.id];
          return (
            <li key={p.id}>
              <a
                href={`#/${p.id}`}
                data-testid={`nav-${p.id}`}
                aria-current={section === p.id ? 'page' : undefined}
                title={`${p.label} (Alt+${i + 1})`}
                onClick={(e) => {
                  e.preventDefault();
                  go(p.id);
                }}
              >
                <Icon className="nav-icon" size={17} aria-hidden />
                {p.label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
