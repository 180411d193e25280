import { runCommand } from '../machine/run-command';
import type { MetricInput } from '../tracking/tracking-store';

/** How often GPU utilisation and memory are sampled during a run. */
export const GPU_SAMPLE_INTERVAL_MS = 2_000;

/** The query the sampler runs. */
export const GPU_SAMPLE_ARGS = ['--query-gpu=index,utilization.gpu,memory.used', '--format=csv,noheader,nounits'];

/**
 * Parses `nvidia-smi --query-gpu=index,utilization.gpu,memory.used --format=csv,noheader,nounits`
 * into `system/gpu<i>/utilization_pct` and `system/gpu<i>/memory_mib` points; `[N/A]` fields are skipped.
 */
export function parseGpuSample(output: string, step: number, time: number): MetricInput[] {
  const points: MetricInput[] = [];
  for (const line of output.split(/\r?\n/)) {
    const [index, util, memory] = line.split(',').map((f) => f.trim());
    if (!index || !/^\d+$/.test(index)) continue;
    const u = Number(util);
    const m = Number(memory);
    if (util && Number.isFinite(u)) points.push({ key: `system/gpu${index}/utilization_pct`, step, time, value: u });
    if (memory && Number.isFinite(m)) points.push({ key: `system/gpu${index}/memory_mib`, step, time, value: m });
  }
  return points;
}

/**
 * Samples the GPUs every two seconds until stopped; the step is the seconds since the run started.
 * No nvidia-smi (or one that fails) means no samples and no error: the run does not depend on it.
 */
export function sampleGpus(options: { env: NodeJS.ProcessEnv; onSample: (points: MetricInput[]) => void }): { stop(): void } {
  const started = Date.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      const { stdout } = await runCommand('nvidia-smi', GPU_SAMPLE_ARGS, {
        env: options.env,
        timeoutMs: 10_000,
        signal: controller.signal,
      });
      if (controller.signal.aborted) return;
      const points = parseGpuSample(stdout, Math.round((Date.now() - started) / 100) / 10, Date.now() / 1000);
      if (points.length) options.onSample(points);
    } catch {
      return; // absent or broken nvidia-smi: stop sampling quietly
    }
    if (!controller.signal.aborted) timer = setTimeout(() => void tick(), GPU_SAMPLE_INTERVAL_MS);
  };
  void tick();
  return {
    stop: () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
