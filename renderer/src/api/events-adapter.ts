import { events, type EventName } from '../../../shared/contract';
import { useApp } from '../stores/app-store';
import { useJobs } from '../stores/jobs-store';
import { api, ApiError } from './client';

/** Fetches app.info (which may wait for the first machine probe) into the app store. */
export async function refreshAppInfo(): Promise<void> {
  try {
    useApp.getState().setInfo(await api.invoke('app.info', {}));
  } catch (err) {
    useApp
      .getState()
      .setInfoError(err instanceof ApiError && err.hint ? `${err.message} ${err.hint}` : String((err as Error).message));
  }
}

/**
 * The one place backend events become store updates (components never subscribe to the
 * transport themselves). On every (re)connect the stores are reloaded, so nothing missed while
 * disconnected stays stale.
 */
export function startEventsAdapter(): () => void {
  const offEvents = api.transport.onEvent((name, payload) => {
    if (!(name in events)) return;
    const parsed = events[name as EventName].safeParse(payload);
    if (!parsed.success) return;
    if (name === 'job.progress') useJobs.getState().progress(events['job.progress'].parse(payload));
    if (name === 'lab.state') useApp.getState().setLab(events['lab.state'].parse(payload));
    if (name === 'job.state') {
      const job = events['job.state'].parse(payload);
      useJobs.getState().upsert(job);
      if (job.kind === 'machine.probe' && job.state === 'succeeded') void refreshAppInfo();
    }
  });
  const offStatus = api.transport.onStatus((status) => {
    useApp.getState().setBackend(status);
    if (status === 'connected') {
      void api.invoke('jobs.list', {}).then(({ jobs }) => useJobs.getState().load(jobs));
      void refreshAppInfo();
      void api.invoke('lab.status', {}).then((lab) => useApp.getState().setLab(lab));
    }
  });
  return () => {
    offEvents();
    offStatus();
  };
}
