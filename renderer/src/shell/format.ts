import type { JobSnapshot } from '../../../shared/jobs';
import type { MachineProbe } from '../../../shared/machine';

/** "2× NVIDIA H100 80GB HBM3 (80 GB)" or "CPU only": what this machine trains on, in one phrase. */
export function describeCompute(machine: MachineProbe): string {
  if (!machine.gpus.length) return 'CPU only';
  const names = new Map<string, number>();
  for (const gpu of machine.gpus) names.set(gpu.name, (names.get(gpu.name) ?? 0) + 1);
  return [...names]
    .map(([name, count]) => {
      const gib = Math.round((machine.gpus.find((g) => g.name === name)?.memoryTotalMiB ?? 0) / 1024);
      return `${count > 1 ? `${count}× ` : ''}${name} (${gib} GB)`;
    })
    .join(', ');
}

/** "PyTorch 2.3.0 · CUDA 12.1", "PyTorch 1.13.1 (CPU)" or "No PyTorch". */
export function describeTorch(machine: MachineProbe): string {
  const py = machine.python;
  if (!py?.torchVersion) return 'No PyTorch';
  return `PyTorch ${py.torchVersion}${py.cudaAvailable && py.cudaVersion ? ` · CUDA ${py.cudaVersion}` : ' (CPU)'}`;
}

/** A job's progress as a fraction from 0 to 1, or null when its total is unknown. */
export function jobFraction(job: Pick<JobSnapshot, 'done' | 'total'>): number | null {
  if (job.total === null || job.total <= 0) return null;
  return Math.min(1, job.done / job.total);
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** "3 of 5 steps", "1.2 GB of 4.0 GB". */
export function describeCount(job: Pick<JobSnapshot, 'done' | 'total' | 'unit'>): string {
  const fmt = (n: number) => {
    if (job.unit !== 'bytes') return String(n);
    let i = 0;
    while (n >= 1000 && i < BYTE_UNITS.length - 1) {
      n /= 1000;
      i++;
    }
    return `${n.toFixed(i ? 1 : 0)} ${BYTE_UNITS[i]}`;
  };
  const unit = job.unit === 'bytes' ? '' : ` ${job.unit}`;
  return job.total === null ? `${fmt(job.done)}${unit}` : `${fmt(job.done)} of ${fmt(job.total)}${unit}`;
}
