import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { evaluateOnnx } from '../inference/onnx-eval';
import type { ServiceContext } from '../services';
import type { ProductionEvaluator } from './pipeline';

const splitSchema = z.object({ test: z.array(z.object({ path: z.string(), label: z.string() })).min(1) });

/**
 * Re-evaluates the production model's ONNX file with onnxruntime-node on the new run's held-out
 * split (its `split` artifact over its pinned, cached dataset version), so both models are scored
 * on the same images. Null when the run has no split or no pinned version to read.
 */
export function evaluateProductionOnSplit(ctx: ServiceContext): ProductionEvaluator {
  return async ({ onnxPath, labels, run, signal }) => {
    const split = run.artifacts.find((a) => a.kind === 'split');
    if (!split || !run.version || !ctx.versions) return null;
    const { test } = splitSchema.parse(JSON.parse(await readFile(split.path, 'utf8')));
    const { dir } = await ctx.versions.materialize(run.version, { signal });
    const result = await evaluateOnnx({ onnxPath, labels, files: test, dataDir: dir, env: ctx.env, signal });
    return { accuracy: result.accuracy, samples: result.samples };
  };
}
