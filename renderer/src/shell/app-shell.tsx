import { SettingsPage } from '../features/settings/settings-page';
import { StoragePage } from '../features/storage/storage-page';
import { useNav } from '../stores/nav-store';
import { ActivityPanel } from './activity-panel';
import { EmptyPage } from './empty-page';
import { Nav } from './nav';
import { pageById } from './pages';
import { StatusBar } from './status-bar';

/** The window: navigation, the current page, the Activity panel and the status bar. */
export function AppShell() {
  const pageId = useNav((s) => s.page);
  return (
    <div className="shell">
      <Nav />
      <main className="main">
        {pageId === 'settings' ? (
          <SettingsPage />
        ) : pageId === 'storage' ? (
          <StoragePage />
        ) : (
          <EmptyPage page={pageById(pageId)} />
        )}
      </main>
      <ActivityPanel />
      <StatusBar />
    </div>
  );
}
