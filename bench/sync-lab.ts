import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LabEndpoints } from '../electron/lab/start-lab';
import { httpsJson } from '../test/support/https-json';

/** The lab's S3 as a client sees it: endpoint, bucket and keys. */
export interface BenchS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Starts `workbench lab` as its own process (so the server does not share an event loop with the
 * client being measured) and sets up an S3 server, a FullAccess user and a writable NAS bucket.
 */
export async function startBenchLab(
  cli: string,
  dataDir: string,
  /** Extra Node flags for the lab, e.g. `--cpu-prof` to see where its time goes. */
  nodeArgs: string[] = [],
): Promise<{ s3: BenchS3; child: ChildProcess }> {
  const child = spawn(process.execPath, [...nodeArgs, cli, 'lab', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoints = await new Promise<LabEndpoints>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line) as LabEndpoints));
    child.once('exit', (code) => reject(new Error(`workbench lab exited with ${code} (run npm run build:node first)`)));
  });
  const ca = readFileSync(join(dataDir, 'tls', 'cert.pem'), 'utf8');
  const rest = (method: string, path: string, body?: unknown) =>
    httpsJson(method, `${endpoints.rest}${path}`, { auth: `${endpoints.username}:${endpoints.password}`, ca, body });
  const svm = ((await rest('GET', '/api/svm/svms?name=svm1')).body.records as { uuid: string }[])[0]!.uuid;
  await rest('POST', '/api/protocols/s3/services?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'fsx_s3',
    is_http_enabled: true,
  });
  const user = (
    (await rest('POST', `/api/protocols/s3/services/${svm}/users`, { name: 'bench' })).body.records as {
      access_key: string;
      secret_key: string;
    }[]
  )[0]!;
  await rest('POST', `/api/protocols/s3/services/${svm}/groups`, {
    name: 'g',
    users: [{ name: 'bench' }],
    policies: [{ name: 'FullAccess' }],
  });
  await rest('POST', '/api/protocols/s3/buckets?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'bench',
    type: 'nas',
    nas_path: '/vol1',
  });
  const vol = ((await rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
  await rest('PATCH', `/api/storage/volumes/${vol.uuid}?return_timeout=30`, {
    nas: { unix_permissions: 777 },
    size: 200 * 1024 ** 3,
  });
  return {
    child,
    s3: { endpoint: endpoints.s3.svm1!, bucket: 'bench', accessKeyId: user.access_key, secretAccessKey: user.secret_key },
  };
}
