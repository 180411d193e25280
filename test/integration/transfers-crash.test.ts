import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEndpoints } from '../../electron/lab/start-lab';
import { downloadPrefix, type DownloadSummary } from '../../electron/core/transfers/downloader';
import { TransferJournal } from '../../electron/core/transfers/journal';
import { transferClient } from '../../electron/core/transfers/s3-access';
import { httpsJson } from '../support/https-json';
import { cliPath } from '../support/serve-process';
import { tempDir } from '../support/temp-dir';
import { allFiles, seedObjects, treeSums } from '../support/transfers-fixture';

// Runs the built CLI (`npm run build:node`), like lab-crash.test.ts: the lab must die with kill -9.
const home = tempDir('workbench-transfers-crash-');
const labDir = join(home.path, 'lab');

function startLabProcess(): Promise<{ child: ChildProcess; endpoints: LabEndpoints }> {
  const child = spawn(process.execPath, [cliPath, 'lab', '--data', labDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, endpoints: JSON.parse(line) as LabEndpoints }),
    );
    child.once('exit', (code) => reject(new Error(`workbench lab exited with ${code}`)));
  });
}

let lab: { child: ChildProcess; endpoints: LabEndpoints };
let keys: { endpoint: string; accessKeyId: string; secretAccessKey: string };

async function rest(method: string, path: string, body?: unknown) {
  const ca = readFileSync(join(labDir, 'tls', 'cert.pem'), 'utf8');
  return httpsJson(method, `${lab.endpoints.rest}${path}`, {
    auth: `${lab.endpoints.username}:${lab.endpoints.password}`,
    ca,
    body,
  });
}

beforeAll(async () => {
  lab = await startLabProcess();
  const svmUuid = ((await rest('GET', '/api/svm/svms?name=svm1')).body.records as { uuid: string }[])[0]!.uuid;
  await rest('POST', '/api/protocols/s3/services?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'fsx_s3',
    is_http_enabled: true,
  });
  const user = (await rest('POST', `/api/protocols/s3/services/${svmUuid}/users`, { name: 's3user' })).body.records as {
    access_key: string;
    secret_key: string;
  }[];
  await rest('POST', `/api/protocols/s3/services/${svmUuid}/groups`, {
    name: 'g',
    users: [{ name: 's3user' }],
    policies: [{ name: 'FullAccess' }],
  });
  await rest('POST', '/api/protocols/s3/buckets?return_timeout=30', {
    'svm.name': 'svm1',
    name: 'bucket1',
    type: 'nas',
    nas_path: '/vol1',
  });
  const vol = ((await rest('GET', '/api/storage/volumes?name=vol1')).body.records as { uuid: string }[])[0]!;
  await rest('PATCH', `/api/storage/volumes/${vol.uuid}?return_timeout=30`, { nas: { unix_permissions: 777 } });
  keys = { endpoint: lab.endpoints.s3.svm1!, accessKeyId: user[0]!.access_key, secretAccessKey: user[0]!.secret_key };
}, 120_000);

afterAll(() => {
  lab?.child.kill('SIGKILL');
  home.remove();
});

describe('a download when the lab is killed mid-way', () => {
  it('resumes after a restart on the same ports and data, skipping verified files, with identical checksums', async () => {
    const seedClient = transferClient(keys, 4);
    const sums = await seedObjects(seedClient, 'crash/', 40, 1024 * 1024);
    seedClient.destroy();
    const destination = join(home.path, 'dl');
    const journalFile = join(home.path, 'journal.jsonl');
    const run = (onFiles?: (n: number) => void) => {
      return downloadPrefix({
        target: keys,
        bucket: 'bucket1',
        prefix: 'crash/',
        destination,
        journal: new TransferJournal(journalFile),
        partTag: 'crash',
        concurrency: 2,
        onProgress: (m) => onFiles?.(m.files),
      });
    };

    let filesDone = 0;
    const first = run((n) => (filesDone = n));
    const firstOutcome = first.then(
      () => 'finished',
      (err: unknown) => err,
    );
    await expect.poll(() => filesDone, { timeout: 30_000, interval: 5 }).toBeGreaterThanOrEqual(5);
    const exited = new Promise((resolve) => lab.child.once('exit', resolve));
    lab.child.kill('SIGKILL');
    await exited;
    const outcome = await firstOutcome;
    expect(outcome).not.toBe('finished');
    expect(outcome).toMatchObject({ code: expect.stringMatching(/S3_UNREACHABLE|INTERNAL/) });
    const verifiedBefore = allFiles(destination).filter((n) => !n.includes('.part-')).length;
    expect(allFiles(destination).filter((n) => n.includes('.part-'))).toEqual([]);

    lab = await startLabProcess();
    expect(lab.endpoints.s3.svm1).toBe(keys.endpoint);
    const summary: DownloadSummary = await run();
    expect(summary.skipped).toBe(verifiedBefore);
    expect(summary.skipped).toBeGreaterThanOrEqual(5);
    expect(treeSums(destination)).toEqual(new Map([...sums].map(([k, v]) => [k.slice('crash/'.length), v])));
  }, 120_000);
});
