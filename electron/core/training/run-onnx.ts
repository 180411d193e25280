import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { toErrorShape } from '../errors';
import { evaluateOnnx } from '../inference/onnx-eval';
import type { TrackingStore } from '../tracking/tracking-store';

/** The ONNX accuracy must be within this many percentage points of PyTorch's. */
export const AGREEMENT_POINTS = 0.5;

const splitSchema = z.object({
  labels: z.array(z.string()).min(2),
  test: z.array(z.object({ path: z.string(), label: z.string() })),
});

/**
 * Re-evaluates a finished run's ONNX model with onnxruntime-node on the runner's held-out split
 * (`split.json`) and records both accuracies and their difference; a mismatch is recorded, not
 * hidden. Answers a sentence when the re-evaluation could not be done or disagrees, else null.
 */
export async function evaluateRunOnnx(options: {
  runId: string;
  tracking: TrackingStore;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onProgress: (message: string) => void;
}): Promise<string | null> {
  const { tracking, runId } = options;
  const run = tracking.get(runId);
  const onnx = run.artifacts.find((a) => a.kind === 'model-onnx');
  const split = run.artifacts.find((a) => a.kind === 'split');
  // A user script need not export ONNX or a split: there is nothing to re-evaluate then.
  if (!onnx || !split || !run.evaluation) return null;
  try {
    const parsed = splitSchema.parse(JSON.parse(await readFile(split.path, 'utf8')));
    options.onProgress(`Re-evaluating model.onnx with onnxruntime-node on ${parsed.test.length} test images`);
    const result = await evaluateOnnx({
      onnxPath: onnx.path,
      labels: parsed.labels,
      files: parsed.test,
      dataDir: options.dataDir,
      env: options.env,
      signal: options.signal,
      onProgress: (done, total) => options.onProgress(`Re-evaluating the ONNX model: ${done}/${total} images`),
    });
    const differencePoints = Math.round((result.accuracy - run.evaluation.accuracy) * 100 * 1e6) / 1e6;
    const agreesWithTorch = Math.abs(differencePoints) <= AGREEMENT_POINTS;
    tracking.setOnnxEvaluation(runId, { ...result, agreesWithTorch, differencePoints });
    if (agreesWithTorch) return null;
    const pct = (a: number) => `${(a * 100).toFixed(2)}%`;
    return `The ONNX model's accuracy (${pct(result.accuracy)}) differs from PyTorch's (${pct(run.evaluation.accuracy)}) by ${Math.abs(differencePoints).toFixed(2)} points.`;
  } catch (err) {
    if (options.signal.aborted) throw err;
    return `The ONNX re-evaluation failed: ${toErrorShape(err).message}`;
  }
}
