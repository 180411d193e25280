import type { Gpu } from '../../../shared/machine';

/** The query the probe runs; `parseNvidiaSmi` reads its output. */
export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total,driver_version', '--format=csv,noheader,nounits'];

/**
 * Parses `nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader,nounits`.
 * Lines that do not have four fields with a numeric index are skipped (nvidia-smi prints warnings
 * on the same stream on some drivers).
 */
export function parseNvidiaSmi(output: string): Gpu[] {
  const gpus: Gpu[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== 4) continue;
    const [index, name, memory, driver] = fields as [string, string, string, string];
    if (!/^\d+$/.test(index)) continue;
    const memoryTotalMiB = Number(memory);
    gpus.push({
      index: Number(index),
      name,
      memoryTotalMiB: Number.isFinite(memoryTotalMiB) ? memoryTotalMiB : 0,
      driverVersion: driver,
    });
  }
  return gpus;
}
