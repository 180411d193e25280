/**
 * Endpoint benchmark: the tyre model (MISSION.md §5 network, random weights, input 224×224) on the CPU,
 * served by our HTTP endpoint (JSON tensor and JPEG bytes) vs onnxruntime-node called in-process.
 * Run: `npx tsx bench/endpoint.ts [--requests 200 --concurrency 4 --repeat 3 --model tyre|tiny]`, or `--quick` (20 requests,
 * one round) while others work. `--model tiny` leaves only the cost of HTTP, decoding and preprocessing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InferenceEndpoint } from '../electron/core/inference/endpoint-server';
import { preprocessImage } from '../electron/core/inference/image-preprocess';
import { loadClassifier } from '../electron/core/inference/onnx-model';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    quick: { type: 'boolean', default: false },
    // Best of N rounds, modes interleaved, so a burst of load on a shared machine hits one round, not one mode.
    repeat: { type: 'string', default: '1' },
    // tiny: a model that costs next to nothing, so what is left is the cost of HTTP, decoding and preprocessing.
    model: { type: 'string', default: 'tyre' },
    python: { type: 'string', default: process.env.WORKBENCH_PYTHON ?? '/usr/bin/python3' },
  },
});
const requests = args.quick ? 20 : Number(args.requests);
const concurrency = Number(args.concurrency);
const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures', 'inference');
const labels = ['defective', 'good'];

/** Runs `one` `requests` times from `concurrency` loops; answers throughput and latency percentiles. */
async function measure(one: () => Promise<void>): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next += 1;
        const t = performance.now();
        await one();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.max(0, Math.ceil((p / 100) * latencies.length) - 1)]!;
  return { perSecond: latencies.length / seconds, p50: at(50), p99: at(99) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'workbench-bench-endpoint-'));
  try {
    const onnx = join(dir, 'tyre.onnx');
    execFileSync(args.python!, [join(fixtures, 'make_model.py'), onnx, '--kind', args.model === 'tiny' ? 'tiny' : 'tyre'], {
      stdio: 'inherit',
    });
    const jpeg = readFileSync(join(fixtures, 'tyre-256.jpg'));
    const tensor = await preprocessImage(jpeg);
    const nested = [0, 1, 2].map((c) =>
      Array.from({ length: 224 }, (_, y) => Array.from(tensor.subarray(c * 224 * 224 + y * 224, c * 224 * 224 + (y + 1) * 224))),
    );
    const json = JSON.stringify({ instances: [nested] });

    const local = await loadClassifier(onnx, { labels });
    const endpoint = new InferenceEndpoint();
    const served = await loadClassifier(onnx, { labels });
    const { url } = await endpoint.start({ modelId: 'bench', modelName: 'tyre', version: 1, classifier: served }, '127.0.0.1', 0);
    const post = async (body: string | Buffer, type: string) => {
      const res = await fetch(`${url}/invocations`, { method: 'POST', body, headers: { 'Content-Type': type } });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
    };

    // One warm-up each, so session initialisation and JIT are not in the numbers.
    await local.predictTensor(tensor, 1);
    await post(jpeg, 'image/jpeg');
    await post(json, 'application/json');

    const modes: [string, () => Promise<void>][] = [
      ['in-process: onnxruntime-node, tensor', async () => void (await local.predictTensor(tensor, 1))],
      ['in-process: decode JPEG + preprocess + run', async () => void (await local.predictImage(jpeg))],
      ['HTTP endpoint: JSON tensor', () => post(json, 'application/json')],
      ['HTTP endpoint: JPEG bytes', () => post(jpeg, 'image/jpeg')],
    ];
    const best = new Map<string, Awaited<ReturnType<typeof measure>>>();
    const rounds = args.quick ? 1 : Number(args.repeat);
    for (let round = 0; round < rounds; round++) {
      for (const [name, one] of modes) {
        const r = await measure(one);
        if (!best.has(name) || r.perSecond > best.get(name)!.perSecond) best.set(name, r);
      }
    }
    const rows = modes.map(([name]) => [name, best.get(name)!] as const);
    await endpoint.stop();
    await local.close();

    const base = rows[0]![1].perSecond;
    const header = ['mode', 'req/s', 'p50 ms', 'p99 ms', 'vs in-process'];
    const table = rows.map(([name, r]) => [
      name,
      r.perSecond.toFixed(1),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      `${(r.perSecond / base).toFixed(2)}×`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(
      `\n${requests} requests per mode, ${concurrency} concurrent, best of ${rounds}, ${args.model} model, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'})`,
    );
    console.log(`JSON body: ${(json.length / 1024 / 1024).toFixed(1)} MB; JPEG body: ${(jpeg.length / 1024).toFixed(0)} KB\n`);
    console.log(line(header));
    console.log(line(widths.map((w) => '-'.repeat(w))));
    for (const row of table) console.log(line(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
