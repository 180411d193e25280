import { Lab, type OpenLabOptions } from './model/lab';
import { startRestServer } from './rest/server';
import { startS3Servers } from './s3/server';
import { startCliServer } from './ssh-cli/server';

/** Where a running lab answers, and how to log in: what `workbench lab` prints. */
export interface LabEndpoints {
  rest: string;
  ssh: { host: string; port: number };
  s3: Record<string, string>;
  username: string;
  password: string;
}

/** A running lab: the model and its three protocol servers. */
export interface RunningLab {
  lab: Lab;
  endpoints(): LabEndpoints;
  close(): Promise<void>;
}

/** How to start a lab. */
export interface StartLabOptions extends OpenLabOptions {
  host?: string;
}

/**
 * Opens the lab and starts its REST (HTTPS), SSH CLI and S3 servers on 127.0.0.1. S3 listens per
 * SVM only while that SVM has an object-store server, as a real data interface would.
 */
export async function startLab(options: StartLabOptions): Promise<RunningLab> {
  const host = options.host ?? '127.0.0.1';
  const lab = await Lab.open(options);
  const closers: (() => Promise<void>)[] = [];
  try {
    const rest = await startRestServer(lab, { host, port: lab.config.ports.rest });
    closers.push(rest.close);
    const ssh = await startCliServer(lab, { host, port: lab.config.ports.ssh });
    closers.push(ssh.close);
    const s3 = await startS3Servers(lab, { host });
    closers.push(s3.close);
    return {
      lab,
      endpoints: () => ({
        rest: `https://${host}:${rest.port}`,
        ssh: { host, port: ssh.port },
        // Where each SVM's S3 will answer over HTTP once its object-store server exists.
        s3: Object.fromEntries(Object.entries(lab.config.ports.s3).map(([svm, p]) => [svm, `http://${host}:${p.http}`])),
        username: lab.config.adminUser,
        password: lab.config.adminPassword,
      }),
      close: async () => {
        for (const close of closers.reverse()) await close().catch(() => undefined);
        await lab.close();
      },
    };
  } catch (err) {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await lab.close();
    throw err;
  }
}
