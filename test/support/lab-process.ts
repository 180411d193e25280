import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LabEndpoints } from '../../electron/lab/start-lab';
import { httpsJson } from './https-json';
import { cliPath } from './serve-process';

/** A `workbench lab` child process (the built CLI) that a test may kill -9 and start again. */
export interface LabProcess {
  child: ChildProcess;
  endpoints: LabEndpoints;
  /** A REST call with the lab's admin account, trusting only the lab's own certificate. */
  rest(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
}

/** Starts `workbench lab --data DIR` and resolves once it has printed its one line of JSON. */
export function startLabProcess(dataDir: string): Promise<LabProcess> {
  const child = spawn(process.execPath, [cliPath, 'lab', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const endpoints = JSON.parse(line) as LabEndpoints;
      const rest = (method: string, path: string, body?: unknown) =>
        httpsJson(method, `${endpoints.rest}${path}`, {
          auth: `${endpoints.username}:${endpoints.password}`,
          ca: readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8'),
          body,
        });
      resolve({ child, endpoints, rest });
    });
    child.once('exit', (code) => reject(new Error(`workbench lab exited with ${code}; is dist/ built (npm run build:node)?`)));
  });
}

/**
 * The manual recipe over REST: an HTTP object-store server on svm1, user `s3user` in a FullAccess
 * group, a NAS bucket on /vol1, and vol1 opened to 777 so the user may write. Returns the keys.
 */
export async function setUpS3(
  lab: LabProcess,
  bucket: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; volumeUuid: string }> {
  const svmUuid = ((await lab.rest('GET', '/api/svm/svms?name=svm1')).body.records as { uuid: string }[])[0]!.uuid;
  const service = await lab.rest('POST', '/api/protocols/s3/services?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'fsx_s3',
    is_http_enabled: true,
  });
  if (service.status >= 300) throw new Error(`creating the S3 server failed: ${JSON.stringify(service.body)}`);
  const user = (await lab.rest('POST', `/api/protocols/s3/services/${svmUuid}/users`, { name: 's3user' })).body.records as {
    access_key: string;
    secret_key: string;
  }[];
  await lab.rest('POST', `/api/protocols/s3/services/${svmUuid}/groups`, {
    name: 'g',
    users: [{ name: 's3user' }],
    policies: [{ name: 'FullAccess' }],
  });
  await lab.rest('POST', '/api/protocols/s3/buckets?return_timeout=30', {
    'svm.name': 'svm1',
    name: bucket,
    type: 'nas',
    nas_path: '/vol1',
  });
  const volume = ((await lab.rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
  await lab.rest('PATCH', `/api/storage/volumes/${volume.uuid}?return_timeout=30`, { nas: { unix_permissions: 777 } });
  return { accessKeyId: user[0]!.access_key, secretAccessKey: user[0]!.secret_key, volumeUuid: volume.uuid };
}
