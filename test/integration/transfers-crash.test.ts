import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPrefix, type DownloadSummary } from '../../electron/core/transfers/downloader';
import { TransferJournal } from '../../electron/core/transfers/journal';
import { transferClient } from '../../electron/core/transfers/s3-access';
import { setUpS3, startLabProcess, type LabProcess } from '../support/lab-process';
import { tempDir } from '../support/temp-dir';
import { allFiles, seedObjects, treeSums } from '../support/transfers-fixture';

// Runs the built CLI (`npm run build:node`), like lab-crash.test.ts: the lab must die with kill -9.
const home = tempDir('workbench-transfers-crash-');
const labDir = join(home.path, 'lab');

let lab: LabProcess;
let keys: { endpoint: string; accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  lab = await startLabProcess(labDir);
  const setup = await setUpS3(lab, 'bucket1');
  keys = { endpoint: lab.endpoints.s3.svm1!, accessKeyId: setup.accessKeyId, secretAccessKey: setup.secretAccessKey };
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

    lab = await startLabProcess(labDir);
    expect(lab.endpoints.s3.svm1).toBe(keys.endpoint);
    const summary: DownloadSummary = await run();
    expect(summary.skipped).toBe(verifiedBefore);
    expect(summary.skipped).toBeGreaterThanOrEqual(5);
    expect(treeSums(destination)).toEqual(new Map([...sums].map(([k, v]) => [k.slice('crash/'.length), v])));
  }, 120_000);
});
