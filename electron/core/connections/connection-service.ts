// STUB — helper A replaces this file.
import type { Connection } from '../../../shared/connections';
import type { EventBus } from '../event-bus';
import type { JobRegistry } from '../jobs/job-registry';
import type { OntapApi } from '../ontap/ontap-api';
import type { ConnectionRegistry, SecretStore } from '../services';

/** The saved connections. */
export class ConnectionService implements ConnectionRegistry {
  constructor(_deps: { dataDir: string; env: NodeJS.ProcessEnv; secrets: SecretStore; bus: EventBus; jobs: JobRegistry }) {}
  list(): Connection[] {
    return [];
  }
  get(_id: string): Connection {
    throw new Error('not built yet');
  }
  openApi(_id: string): Promise<OntapApi> {
    throw new Error('not built yet');
  }
}
