import { api, describeError } from '../../api/client';
import { useSchedules } from '../../stores/schedules-store';

/** Reads every schedule into the store. */
export async function refreshSchedules(): Promise<void> {
  try {
    const { schedules } = await api.invoke('schedules.list', {});
    useSchedules.getState().setSchedules(schedules);
  } catch (err) {
    const { message, hint } = describeError(err);
    useSchedules.getState().setError(hint ? `${message} ${hint}` : message);
  }
}

/** Reads one schedule's pipeline runs into the store. */
export async function refreshHistory(scheduleId: string): Promise<void> {
  const { runs } = await api.invoke('schedules.history', { id: scheduleId });
  useSchedules.getState().setHistory(scheduleId, runs);
}
