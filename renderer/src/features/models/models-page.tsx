import { EmptyPage } from '../../shell/empty-page';
import { pageById } from '../../shell/pages';

/** The models page (being built). */
export function ModelsPage() {
  return <EmptyPage page={pageById('models')} />;
}
