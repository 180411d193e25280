import { Lab } from '../../electron/lab/model/lab';
import { startRestServer, type RunningRestServer } from '../../electron/lab/rest/server';
import { labRestClient, type LabRestClient } from './lab-rest-client';
import { tempDir } from './temp-dir';

/** A fresh lab (tiny sample) in a temporary directory with its REST server, and a client for it. */
export interface RestLab {
  lab: Lab;
  server: RunningRestServer;
  api: LabRestClient;
  close(): Promise<void>;
}

/** Opens a lab on a free port; `close()` stops the server, closes the lab and removes its directory. */
export async function openRestLab(): Promise<RestLab> {
  const dir = tempDir('lab-rest-');
  const lab = await Lab.open({ dir: dir.path, sampleScale: 0.01 });
  const server = await startRestServer(lab, { port: 0 });
  const api = labRestClient(server.port, lab.tls.cert, { user: lab.config.adminUser, password: lab.config.adminPassword });
  return {
    lab,
    server,
    api,
    close: async () => {
      await server.close();
      await lab.close();
      dir.remove();
    },
  };
}
