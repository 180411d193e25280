import { z } from 'zod';

/** One NVIDIA GPU as `nvidia-smi` reports it. */
export const gpuSchema = z.object({
  index: z.number().int().nonnegative(),
  name: z.string(),
  memoryTotalMiB: z.number().nonnegative(),
  driverVersion: z.string(),
});

/** A GPU on this machine. */
export type Gpu = z.infer<typeof gpuSchema>;

/** One Python interpreter and what it can do for training. */
export const pythonEnvironmentSchema = z.object({
  executable: z.string(),
  version: z.string().nullable(),
  torchVersion: z.string().nullable(),
  torchvisionVersion: z.string().nullable(),
  cudaAvailable: z.boolean(),
  cudaVersion: z.string().nullable(),
  /** Why this interpreter could not be probed fully, in words, with the fix. */
  problem: z.string().nullable(),
});

/** A Python interpreter found on this machine. */
export type PythonEnvironment = z.infer<typeof pythonEnvironmentSchema>;

/** What this machine offers for training: the interpreters found and the GPUs. */
export const machineProbeSchema = z.object({
  probedAt: z.string(),
  python: pythonEnvironmentSchema.nullable(),
  pythonCandidates: z.array(pythonEnvironmentSchema),
  gpus: z.array(gpuSchema),
  /** Why no GPU is listed, when none is (e.g. "nvidia-smi not found"). */
  gpuProblem: z.string().nullable(),
});

/** The machine probe shown in the status bar. */
export type MachineProbe = z.infer<typeof machineProbeSchema>;
