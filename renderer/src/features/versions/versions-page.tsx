import { EmptyPage } from '../../shell/empty-page';
import { pageById } from '../../shell/pages';

/** The versions page (being built). */
export function VersionsPage() {
  return <EmptyPage page={pageById('versions')} />;
}
