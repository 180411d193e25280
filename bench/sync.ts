/**
 * Sync benchmark: the workbench's downloader vs `aws s3 sync` vs `rclone copy` (default and
 * `--transfers 32 --checkers 32`), same lab, same data, each into a fresh local folder.
 * Run: `npm run build:node && npx tsx bench/sync.ts [--small-count 10000 --small-kb 100 --large-count 8 --large-mb 256 --repeat 1]`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadPrefix } from '../electron/core/transfers/downloader';
import { TransferJournal } from '../electron/core/transfers/journal';
import { transferClient } from '../electron/core/transfers/s3-access';
import { uploadFiles } from '../electron/core/transfers/uploader';
import { startBenchLab, type BenchS3 } from './sync-lab';

const { values: args } = parseArgs({
  options: {
    'small-count': { type: 'string', default: '10000' },
    'small-kb': { type: 'string', default: '100' },
    'large-count': { type: 'string', default: '8' },
    'large-mb': { type: 'string', default: '256' },
    // Best of N rounds, tools interleaved, so a burst of load on a shared machine hits one run, not one tool.
    repeat: { type: 'string', default: '1' },
    // Comma-separated subsets, to time one case while working on it: sets small,large; tools by name prefix.
    sets: { type: 'string', default: 'small,large' },
    tools: { type: 'string', default: '' },
  },
});
const sets = [
  { name: 'small', prefix: 'small/', count: Number(args['small-count']), size: Number(args['small-kb']) * 1024 },
  { name: 'large', prefix: 'large/', count: Number(args['large-count']), size: Number(args['large-mb']) * 1024 * 1024 },
].filter((set) => args.sets.split(',').includes(set.name));
const toolFilter = args.tools ? args.tools.split(',') : null;
const root = mkdtempSync(join(tmpdir(), 'workbench-bench-'));
const cli = join(import.meta.dirname, '..', 'dist', 'node', 'cli.cjs');

/** Writes the data sets locally and uploads them with the workbench's uploader. */
async function seed(s3: BenchS3): Promise<void> {
  const client = transferClient(s3, 16);
  for (const set of sets) {
    const dir = join(root, 'seed', set.name);
    mkdirSync(dir, { recursive: true });
    const files = Array.from({ length: set.count }, (_, i) => {
      const path = join(dir, `obj-${String(i).padStart(5, '0')}.bin`);
      writeFileSync(path, randomBytes(set.size));
      return { path, key: `${set.prefix}obj-${String(i).padStart(5, '0')}.bin`, size: set.size, mtimeMs: 0 };
    });
    await uploadFiles({
      client,
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      files,
      journal: new TransferJournal(join(root, `seed-${set.name}.jsonl`)),
      multipartSupported: true,
      maxPutBytes: 5 * 1024 ** 3,
      onMultipartUnsupported: async () => undefined,
      onMaxPut: () => undefined,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  client.destroy();
}

/** Runs a command, timing it; throws with its stderr when it fails. */
function timed(cmd: string, argv: string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const full: NodeJS.ProcessEnv = { ...process.env, ...env };
  // rclone refuses a custom CA bundle on a plain-HTTP endpoint; the lab speaks HTTP here.
  delete full.AWS_CA_BUNDLE;
  const r = spawnSync(cmd, argv, { env: full, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr}`);
  return (performance.now() - t) / 1000;
}

type Tool = { name: string; run: (prefix: string, dest: string) => Promise<number> };

function tools(s3: BenchS3): Tool[] {
  const awsConfig = join(root, 'aws-config');
  writeFileSync(awsConfig, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  const awsEnv = {
    AWS_ACCESS_KEY_ID: s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
  const rcloneEnv = {
    RCLONE_CONFIG: '/dev/null',
    RCLONE_CONFIG_LAB_TYPE: 's3',
    RCLONE_CONFIG_LAB_PROVIDER: 'Other',
    RCLONE_CONFIG_LAB_ACCESS_KEY_ID: s3.accessKeyId,
    RCLONE_CONFIG_LAB_SECRET_ACCESS_KEY: s3.secretAccessKey,
    RCLONE_CONFIG_LAB_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_LAB_FORCE_PATH_STYLE: 'true',
  };
  return [
    {
      name: 'aws s3 sync',
      run: async (p, d) =>
        timed(
          '/usr/bin/aws',
          ['--endpoint-url', s3.endpoint, 's3', 'sync', '--only-show-errors', `s3://${s3.bucket}/${p}`, d],
          awsEnv,
        ),
    },
    {
      name: 'workbench (16)',
      run: async (p, d) => {
        const t = performance.now();
        await downloadPrefix({
          target: s3,
          bucket: s3.bucket,
          prefix: p,
          destination: d,
          journal: new TransferJournal(`${d}.jsonl`),
          partTag: 'b',
        });
        return (performance.now() - t) / 1000;
      },
    },
    { name: 'rclone copy', run: async (p, d) => timed('rclone', ['copy', `lab:${s3.bucket}/${p}`, d], rcloneEnv) },
    {
      name: 'rclone copy --transfers 32 --checkers 32',
      run: async (p, d) =>
        timed('rclone', ['copy', '--transfers', '32', '--checkers', '32', `lab:${s3.bucket}/${p}`, d], rcloneEnv),
    },
  ];
}

async function main(): Promise<void> {
  const { s3, child } = await startBenchLab(cli, join(root, 'lab'));
  try {
    console.error(`seeding ${sets.map((s) => `${s.count} × ${s.size} B`).join(' and ')}…`);
    await seed(s3);
    const rows: string[][] = [];
    for (const set of sets) {
      const results = tools(s3)
        .filter((tool) => !toolFilter || toolFilter.some((t) => tool.name.startsWith(t)))
        .map((tool) => ({ tool: tool.name, run: tool.run, seconds: Infinity }));
      for (let round = 0; round < Number(args.repeat); round++) {
        for (const [i, r] of results.entries()) {
          const dest = join(root, 'out', `${set.name}-${round}-${i}`);
          const seconds = await r.run(set.prefix, dest);
          rmSync(dest, { recursive: true, force: true }); // each run starts from an empty folder
          rmSync(`${dest}.jsonl`, { force: true });
          r.seconds = Math.min(r.seconds, seconds);
          console.error(`${set.name}: ${r.tool} ${seconds.toFixed(2)} s`);
        }
      }
      const aws = results[0]!.seconds;
      for (const r of results) {
        const mb = (set.count * set.size) / 1e6 / r.seconds;
        rows.push([
          `${set.count} × ${formatSize(set.size)}`,
          r.tool,
          (set.count / r.seconds).toFixed(1),
          mb.toFixed(1),
          `${(aws / r.seconds).toFixed(2)}×`,
        ]);
      }
    }
    printTable(['data', 'tool', 'objects/s', 'MB/s', 'vs aws'], rows);
    console.log(
      `\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), lab and client on 127.0.0.1, Node ${process.versions.node}`,
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(root, { recursive: true, force: true });
  }
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

await main();
