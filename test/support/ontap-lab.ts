import { join } from 'node:path';
import type { LabConnectionInput } from '../../electron/core/connections/connection-service';
import { startLab, type RunningLab } from '../../electron/lab/start-lab';
import { tempDir } from './temp-dir';

/** A running lab (tiny sample) in a temporary directory, with what the app registers as "Local lab". */
export interface TestLab {
  running: RunningLab;
  /** What attach.ts hands ConnectionService.upsertLab. */
  connection: LabConnectionInput;
  close(): Promise<void>;
}

/** Starts the lab's REST, SSH and S3 servers on 127.0.0.1 (free ports unless given); close() removes it all. */
export async function startTestLab(
  options: { ports?: { rest?: number; ssh?: number }; password?: string; timeZone?: string } = {},
): Promise<TestLab> {
  const tmp = tempDir('ontap-lab-');
  const running = await startLab({
    dir: join(tmp.path, 'lab'),
    sampleScale: 0.01,
    ports: options.ports,
    password: options.password,
    timeZone: options.timeZone,
  });
  const e = running.endpoints();
  return {
    running,
    connection: {
      host: '127.0.0.1',
      restPort: Number(new URL(e.rest).port),
      sshPort: e.ssh.port,
      username: e.username,
      password: e.password,
      certificatePem: running.lab.tls.cert,
      hostKey: running.lab.hostKey,
    },
    close: async () => {
      await running.close();
      tmp.remove();
    },
  };
}
