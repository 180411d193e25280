import { EmptyPage } from '../../shell/empty-page';
import { pageById } from '../../shell/pages';

/** The schedules page (being built). */
export function SchedulesPage() {
  return <EmptyPage page={pageById('schedules')} />;
}
