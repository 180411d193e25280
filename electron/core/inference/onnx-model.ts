import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { WorkbenchError } from '../errors';
import { preprocessImage } from './image-preprocess';

/** Where a model runs: onnxruntime-node's CPU provider, or CUDA when asked for and loadable. */
export type InferenceProvider = 'cpu' | 'cuda';

/** One image's prediction: the most likely label and every label's softmax score. */
export interface ImagePrediction {
  label: string;
  scores: Record<string, number>;
}

/** A loaded image classifier (an ONNX model taking [N, 3, H, W] float32 and giving [N, classes] logits). */
export interface Classifier {
  readonly labels: string[];
  readonly provider: InferenceProvider;
  /** Why the provider differs from the one asked for (CUDA asked, CPU used); null when it does not. */
  readonly providerNote: string | null;
  readonly inputName: string;
  readonly outputName: string;
  /** The side of the square image the model takes (224 for the tyre recipe). */
  readonly imageSize: number;
  /** The shape one input tensor must have, e.g. [N, 3, 224, 224]. */
  readonly inputShape: readonly (number | string)[];
  /** Logits for a batch of `n` preprocessed CHW images, row-major [n, classes]. */
  predictTensor(batch: Float32Array, n: number): Promise<Float32Array>;
  /** Decodes, preprocesses (as torchvision does) and classifies one image. */
  predictImage(bytes: Buffer): Promise<ImagePrediction>;
  /** Turns a row of logits into the label and softmax scores. */
  toPrediction(logits: Float32Array): ImagePrediction;
  /** Releases the session; predictions after this fail. */
  close(): Promise<void>;
}

/** How to load a classifier. */
export interface LoadOptions {
  labels: string[];
  /** 'cuda' is tried only when WORKBENCH_ORT_CUDA=1; otherwise, or when it fails to load, the CPU runs it. */
  provider?: InferenceProvider;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_IMAGE_SIZE = 224;

/** Numerically stable softmax in double precision. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Opens a session with the provider asked for, falling back to the CPU (and saying why) when CUDA cannot load. */
async function openSession(
  onnxPath: string,
  wanted: InferenceProvider,
  env: NodeJS.ProcessEnv,
): Promise<{ session: ort.InferenceSession; provider: InferenceProvider; note: string | null }> {
  let note: string | null = null;
  if (wanted === 'cuda') {
    if (env.WORKBENCH_ORT_CUDA === '1') {
      try {
        const session = await ort.InferenceSession.create(onnxPath, { executionProviders: ['cuda', 'cpu'] });
        return { session, provider: 'cuda', note: null };
      } catch (err) {
        note = `CUDA could not be loaded by onnxruntime-node (${err instanceof Error ? err.message : String(err)}); running on the CPU.`;
      }
    } else {
      note = 'CUDA inference is off (set WORKBENCH_ORT_CUDA=1 with a CUDA build of onnxruntime installed); running on the CPU.';
    }
  }
  const session = await ort.InferenceSession.create(onnxPath, { executionProviders: ['cpu'] });
  return { session, provider: 'cpu', note };
}

/** The input's static image side, from a shape like [batch, 3, 224, 224]; symbolic sides fall back to 224. */
function imageSizeOf(shape: readonly (number | string)[]): number {
  const h = shape[2];
  const w = shape[3];
  if (typeof h === 'number' && typeof w === 'number' && h === w && h > 0) return h;
  return DEFAULT_IMAGE_SIZE;
}

/**
 * Loads an ONNX image classifier with onnxruntime-node. The input and output names are read from
 * the session (the training export names them; we do not assume).
 */
export async function loadClassifier(onnxPath: string, options: LoadOptions): Promise<Classifier> {
  if (!existsSync(onnxPath)) {
    throw new WorkbenchError('NOT_FOUND', `The ONNX model file ${onnxPath} does not exist.`, {
      hint: 'Register the model again from its run, or pick another version.',
    });
  }
  if (options.labels.length === 0) {
    throw new WorkbenchError('INVALID_INPUT', 'A classifier needs its labels.', { hint: 'Pass the labels of the run.' });
  }
  let opened: Awaited<ReturnType<typeof openSession>>;
  try {
    opened = await openSession(onnxPath, options.provider ?? 'cpu', options.env ?? process.env);
  } catch (err) {
    throw new WorkbenchError('INVALID_INPUT', `onnxruntime could not load the model ${onnxPath}.`, {
      hint: 'The file is not a valid ONNX model; export it again from the run.',
      details: { reason: err instanceof Error ? err.message : String(err) },
      cause: err,
    });
  }
  const { session, provider, note } = opened;
  const inputName = session.inputNames[0]!;
  const outputName = session.outputNames[0]!;
  const meta = session.inputMetadata[0];
  const declared =
    meta && meta.isTensor && meta.shape.length === 4 ? meta.shape : ['N', 3, DEFAULT_IMAGE_SIZE, DEFAULT_IMAGE_SIZE];
  const imageSize = imageSizeOf(declared);
  const inputShape = ['N', 3, imageSize, imageSize] as const;
  const perImage = 3 * imageSize * imageSize;
  const labels = [...options.labels];
  let closed = false;

  const predictTensor = async (batch: Float32Array, n: number): Promise<Float32Array> => {
    if (closed) throw new WorkbenchError('CONFLICT', 'The model was unloaded.', { hint: 'Load the model again.' });
    if (!Number.isInteger(n) || n < 1 || batch.length !== n * perImage) {
      throw new WorkbenchError('INVALID_INPUT', `The input tensor must have the shape [N, 3, ${imageSize}, ${imageSize}].`, {
        hint: `Send N·3·${imageSize}·${imageSize} float32 values, preprocessed like the training images.`,
        details: { expectedShape: inputShape, values: batch.length },
      });
    }
    const feeds = { [inputName]: new ort.Tensor('float32', batch, [n, 3, imageSize, imageSize]) };
    const out = await session.run(feeds);
    const logits = out[outputName]!;
    const data = logits.data as Float32Array;
    if (data.length !== n * labels.length) {
      throw new WorkbenchError(
        'CONFLICT',
        `The model gives ${data.length / n} scores per image but has ${labels.length} labels.`,
        {
          hint: 'The labels do not belong to this model; register it again from its run.',
        },
      );
    }
    return data;
  };

  const toPrediction = (row: Float32Array): ImagePrediction => {
    const probs = softmax(row);
    let best = 0;
    for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
    return { label: labels[best]!, scores: Object.fromEntries(labels.map((l, i) => [l, probs[i]!])) };
  };

  return {
    labels,
    provider,
    providerNote: note,
    inputName,
    outputName,
    imageSize,
    inputShape,
    predictTensor,
    toPrediction,
    predictImage: async (bytes) => toPrediction(await predictTensor(await preprocessImage(bytes, imageSize), 1)),
    close: async () => {
      if (closed) return;
      closed = true;
      await session.release();
    },
  };
}
