import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Evaluation } from '../../../shared/training';
import { cancelledError } from '../errors';
import { loadClassifier, type InferenceProvider } from './onnx-model';
import { preprocessImage } from './image-preprocess';

/** Images per onnxruntime call: large enough to amortise the call, small enough to keep memory flat. */
const BATCH = 16;

/** Accuracy, per-class precision and recall from a confusion matrix (rows = true class), as the runner computes them. */
export function evaluationOf(labels: string[], confusion: number[][]): Evaluation {
  const total = confusion.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const correct = labels.reduce((sum, _, i) => sum + confusion[i]![i]!, 0);
  return {
    labels,
    accuracy: total ? correct / total : 0,
    perClass: labels.map((label, i) => {
      const predicted = confusion.reduce((sum, row) => sum + row[i]!, 0);
      const support = confusion[i]!.reduce((a, b) => a + b, 0);
      return {
        label,
        precision: predicted ? confusion[i]![i]! / predicted : 0,
        recall: support ? confusion[i]![i]! / support : 0,
        support,
      };
    }),
    confusion,
    samples: total,
  };
}

/** Which provider to ask for: CUDA only when `WORKBENCH_ORT_CUDA=1`. */
export function wantedProvider(env: NodeJS.ProcessEnv): InferenceProvider {
  return env.WORKBENCH_ORT_CUDA === '1' ? 'cuda' : 'cpu';
}

/**
 * Evaluates an exported ONNX classifier with onnxruntime-node on held-out images (paths relative
 * to `dataDir`), preprocessed exactly as torchvision does on PIL images; answers the evaluation
 * and the provider that ran it.
 */
export async function evaluateOnnx(options: {
  onnxPath: string;
  labels: string[];
  files: { path: string; label: string }[];
  dataDir: string;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}): Promise<Evaluation & { provider: string }> {
  const { labels, files } = options;
  const classifier = await loadClassifier(options.onnxPath, { labels, provider: wantedProvider(options.env), env: options.env });
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  const perImage = 3 * classifier.imageSize * classifier.imageSize;
  try {
    for (let start = 0; start < files.length; start += BATCH) {
      if (options.signal?.aborted) throw cancelledError('The ONNX re-evaluation');
      const batch = files.slice(start, start + BATCH);
      const input = new Float32Array(batch.length * perImage);
      for (const [i, file] of batch.entries()) {
        input.set(await preprocessImage(await readFile(join(options.dataDir, file.path)), classifier.imageSize), i * perImage);
      }
      const logits = await classifier.predictTensor(input, batch.length);
      for (const [i, file] of batch.entries()) {
        const truth = index.get(file.label);
        if (truth === undefined) continue; // a label outside the model's classes cannot be scored
        let best = 0;
        for (let c = 1; c < labels.length; c++) if (logits[i * labels.length + c]! > logits[i * labels.length + best]!) best = c;
        const row = confusion[truth]!;
        row[best] = row[best]! + 1;
      }
      options.onProgress?.(Math.min(start + BATCH, files.length), files.length);
    }
  } finally {
    await classifier.close();
  }
  return { ...evaluationOf(labels, confusion), provider: classifier.provider };
}
