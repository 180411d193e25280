import { DatasetsPage } from '../features/datasets/datasets-page';
import { DiscoveryPage } from '../features/discovery/discovery-page';
import { ModelsPage } from '../features/models/models-page';
import { RunsPage } from '../features/runs/runs-page';
import { SchedulesPage } from '../features/schedules/schedules-page';
import { VersionsPage } from '../features/versions/versions-page';
import { S3SetupPage } from '../features/s3setup/s3setup-page';
import { SettingsPage } from '../features/settings/settings-page';
import { StoragePage } from '../features/storage/storage-page';
import { TroubleshootingPage } from '../features/troubleshooting/troubleshooting-page';
import { useNav } from '../stores/nav-store';
import { ActivityPanel } from './activity-panel';
import { EmptyPage } from './empty-page';
import { Nav } from './nav';
import { isPageId, pageById } from './pages';
import { StatusBar } from './status-bar';

/** The page a route shows. */
function CurrentPage() {
  const { page, param } = useNav();
  if (page === 'settings') return <SettingsPage />;
  if (page === 'storage') return <StoragePage />;
  if (page === 'datasets') return <DatasetsPage />;
  if (page === 'versions') return <VersionsPage />;
  if (page === 'runs') return <RunsPage />;
  if (page === 'models') return <ModelsPage />;
  if (page === 'schedules') return <SchedulesPage />;
  if (page === 'connection') return param ? <DiscoveryPage connectionId={param} /> : <StoragePage />;
  if (page === 's3-setup') return <S3SetupPage connectionId={param} />;
  if (page === 'troubleshooting') return <TroubleshootingPage focus={param} />;
  return <EmptyPage page={pageById(isPageId(page) ? page : 'storage')} />;
}

/** The window: navigation, the current page, the Activity panel and the status bar. */
export function AppShell() {
  return (
    <div className="shell">
      <Nav />
      <main className="main">
        <CurrentPage />
      </main>
      <ActivityPanel />
      <StatusBar />
    </div>
  );
}
