import { events, type EventName } from '../../../shared/contract';
import { useApp } from '../stores/app-store';
import { useDatasets } from '../stores/datasets-store';
import { useConnectionTests } from '../stores/connection-tests-store';
import { useConnections } from '../stores/connections-store';
import { useDiscovery } from '../stores/discovery-store';
import { useJobs } from '../stores/jobs-store';
import { useSetupLog } from '../stores/s3setup-log-store';
import { api, ApiError, describeError } from './client';
import { refreshCache, refreshDatasets, refreshSources } from './datasets-refresh';
import { refreshEnvs, refreshRuns, runChanged } from '../features/runs/runs-refresh';
import { useRuns } from '../stores/runs-store';
import { isShown } from '../stores/versions-store';
import { refreshVersionDatasets, reloadVolume } from '../features/versions/versions-actions';
import { useSchedules } from '../stores/schedules-store';
import { refreshSchedules } from '../features/schedules/schedules-refresh';
import { useModels } from '../stores/models-store';
import { refreshEndpoint, refreshModels } from '../features/models/models-refresh';

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

/** Fetches the saved connections into their store. */
export async function refreshConnections(): Promise<void> {
  try {
    const { connections } = await api.invoke('connections.list', {});
    useConnections.getState().load(connections);
  } catch (err) {
    const { message, hint } = describeError(err);
    useConnections.getState().setError(hint ? `${message} ${hint}` : message);
  }
}

/** Reads a connection's cluster into the discovery store (the page and the wizard share it). */
export async function refreshDiscovery(connectionId: string): Promise<void> {
  const { patch } = useDiscovery.getState();
  patch(connectionId, { loading: true, error: null });
  try {
    const data = await api.invoke('connections.discover', { id: connectionId });
    patch(connectionId, { data, loading: false, at: new Date().toISOString() });
  } catch (err) {
    patch(connectionId, { loading: false, error: describeError(err) });
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
    if (name === 'connections.changed') useConnections.getState().load(events['connections.changed'].parse(payload).connections);
    if (name === 'lab.state') {
      const lab = events['lab.state'].parse(payload);
      useApp.getState().setLab(lab);
      // The lab brings its S3 profile and the sample dataset once it runs.
      if (lab.state === 'running') {
        void refreshSources();
        void refreshDatasets();
      }
    }
    if (name === 'connection.test') useConnectionTests.getState().step(events['connection.test'].parse(payload));
    if (name === 'datasets.changed') useDatasets.getState().setDatasets(events['datasets.changed'].parse(payload).datasets);
    // A dataset registered, or the lab's sample bound to its volume: the versions page's list follows.
    if (name === 'datasets.changed' || (name === 'lab.state' && events['lab.state'].parse(payload).state === 'running'))
      void refreshVersionDatasets();
    if (name === 'versions.changed' && isShown(events['versions.changed'].parse(payload))) void reloadVolume();
    if (name === 'sources.changed') useDatasets.getState().setSources(events['sources.changed'].parse(payload).sources);
    if (name === 's3setup.log') useSetupLog.getState().append(events['s3setup.log'].parse(payload));
    if (name === 'runs.changed') runChanged(events['runs.changed'].parse(payload).run);
    if (name === 'models.changed') useModels.getState().setModels(events['models.changed'].parse(payload).models);
    if (name === 'endpoint.changed') useModels.getState().setEndpoint(events['endpoint.changed'].parse(payload).status);
    if (name === 'schedules.changed') useSchedules.getState().setSchedules(events['schedules.changed'].parse(payload).schedules);
    if (name === 'schedules.history') {
      const { scheduleId, run } = events['schedules.history'].parse(payload);
      useSchedules.getState().upsertRun(scheduleId, run);
    }
    if (name === 'runs.metrics') {
      const { runId, points } = events['runs.metrics'].parse(payload);
      useRuns.getState().addPoints(runId, points);
    }
    if (name === 'runs.log') {
      const { runId, text } = events['runs.log'].parse(payload);
      useRuns.getState().appendLog(runId, text);
    }
    if (name === 'job.state') {
      const job = events['job.state'].parse(payload);
      useJobs.getState().upsert(job);
      if (job.kind === 'machine.probe' && job.state === 'succeeded') {
        void refreshAppInfo();
        void refreshEnvs();
      }
      // Transfers and cache fills change what the cache holds; the wizard adds an S3 profile (a source).
      if (job.state !== 'running' && /transfer|download|upload|cache/i.test(job.kind)) void refreshCache();
      if (job.state === 'succeeded' && /s3setup|lab/i.test(job.kind)) {
        void refreshSources();
        void refreshDatasets();
      }
      // The lab's job registers (or refreshes) the lab's connection before it ends; there is no connections event.
    }
  });
  const offStatus = api.transport.onStatus((status) => {
    useApp.getState().setBackend(status);
    if (status === 'connected') {
      void api.invoke('jobs.list', {}).then(({ jobs }) => useJobs.getState().load(jobs));
      void refreshAppInfo();
      void api.invoke('lab.status', {}).then((lab) => useApp.getState().setLab(lab));
      void refreshConnections();
      void refreshSources();
      void refreshDatasets();
      void refreshVersionDatasets();
      void refreshCache();
      void refreshRuns();
      void refreshEnvs();
      void refreshSchedules();
      void refreshModels();
      void refreshEndpoint();
    }
  });
  return () => {
    offEvents();
    offStatus();
  };
}
