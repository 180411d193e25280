import { EmptyPage } from '../../shell/empty-page';
import { pageById } from '../../shell/pages';

/** The runs page (being built). */
export function RunsPage() {
  return <EmptyPage page={pageById('runs')} />;
}
