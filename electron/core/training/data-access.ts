import { WorkbenchError } from '../errors';
import type { VersionPinning } from '../services';
import type { DataAccess } from './run-execution';

/** Pins and materializes through the versions domain. */
export function versionsAccess(versions: VersionPinning): DataAccess {
  return {
    pin: (dataset, snapshot, signal, reason) => versions.pin(dataset.id, snapshot, { signal, reason }),
    materialize: async (version, signal, onProgress) => (await versions.materialize(version, { signal, onProgress })).dir,
  };
}

/** What a run is told when the backend was built without the versions domain (a bare test context). */
export function noVersionsAccess(): DataAccess {
  const missing = async (): Promise<never> => {
    throw new WorkbenchError('INTERNAL', 'Dataset versions are not available in this backend, so runs cannot pin their data.', {
      hint: 'Start the app normally; its backend always includes dataset versions.',
    });
  };
  return { pin: missing, materialize: missing };
}
