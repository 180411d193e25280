/**
 * The tyre-quality input pipeline, one epoch over the lab's sample dataset (1,857 JPEGs, decode →
 * resize 224 → normalise → batches of 64), in one run on the same machine: the reference guide's
 * loader that GETs each object from S3 per item (boto3 in the Dataset) vs the workbench's cached
 * loader (the recipe's own Dataset reading the version the app cached with its verified downloader).
 * Prints images/s, the ratio, and the one-off cost of filling the cache.
 * Run: `npm run build:node && npx tsx bench/input-pipeline.ts [--workers 2] [--repeat 3]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadPrefix } from '../electron/core/transfers/downloader';
import { TransferJournal } from '../electron/core/transfers/journal';
import { findTorchPython } from '../test/support/python';
import { startBenchLab, type BenchS3 } from './sync-lab';

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '3' },
  },
});
const PREFIX = 'dataset/tyre/';
const root = mkdtempSync(join(tmpdir(), 'workbench-bench-pipeline-'));
const cli = join(import.meta.dirname, '..', 'dist', 'node', 'cli.cjs');
const script = join(import.meta.dirname, 'input_pipeline.py');

interface Epoch {
  images: number;
  seconds: number;
  images_per_s: number;
  device: string;
}

/** One epoch in a fresh Python process (so neither loader inherits the other's page cache state in its workers). */
function epoch(python: string, s3: BenchS3, source: 's3' | 'cache', dir: string): Epoch {
  const argv = [script, '--source', source, '--workers', args.workers!];
  if (source === 's3') argv.push('--endpoint', s3.endpoint, '--bucket', s3.bucket, '--prefix', PREFIX);
  else argv.push('--dir', dir);
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_CONFIG_FILE: '/dev/null',
  };
  const r = spawnSync(python, argv, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${source} epoch failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Epoch;
}

async function main(): Promise<void> {
  const python = findTorchPython();
  if (!python) throw new Error('no python3 with PyTorch (apt-get install python3-torch python3-torchvision)');
  const { s3, child } = await startBenchLab(cli, join(root, 'lab'));
  try {
    const cacheDir = join(root, 'cache');
    const fillStart = performance.now();
    const filled = await downloadPrefix({
      target: s3,
      bucket: s3.bucket,
      prefix: PREFIX,
      destination: cacheDir,
      journal: new TransferJournal(join(root, 'fill.jsonl')),
      partTag: 'bench',
    });
    const fillSeconds = (performance.now() - fillStart) / 1000;
    const best = { s3: null as Epoch | null, cache: null as Epoch | null };
    for (let round = 0; round < Number(args.repeat); round++) {
      for (const source of ['s3', 'cache'] as const) {
        const e = epoch(python, s3, source, cacheDir);
        console.error(`${source}: ${e.images} images in ${e.seconds.toFixed(2)} s (${e.images_per_s.toFixed(1)}/s)`);
        if (!best[source] || e.seconds < best[source].seconds) best[source] = e;
      }
    }
    const s3Epoch = best.s3!;
    const cached = best.cache!;
    const rows = [
      ['S3 GET per item (boto3 in the Dataset)', s3Epoch.images_per_s.toFixed(1), s3Epoch.seconds.toFixed(2), '1.00×'],
      [
        'workbench cached version (recipe Dataset)',
        cached.images_per_s.toFixed(1),
        cached.seconds.toFixed(2),
        `${(cached.images_per_s / s3Epoch.images_per_s).toFixed(2)}×`,
      ],
    ];
    console.log(`| loader | images/s | epoch s | vs S3 per item |`);
    console.log(`|---|---|---|---|`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
    console.log(
      `\ncache fill (once per version, verified): ${filled.files} files in ${fillSeconds.toFixed(2)} s; ` +
        `device ${cached.device}; DataLoader workers ${args.workers}, batch 64; best of ${args.repeat}`,
    );
    console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), lab S3 on 127.0.0.1, ${python}`);
  } finally {
    child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
