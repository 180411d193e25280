import { z } from 'zod';
import { evaluationSchema, paramValueSchema } from '../../../shared/training';

const at = { time: z.number() };

/** One JSON line the runner writes on fd 3 (resources/python/workbench_runner.py). */
export const runnerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('status'), status: z.enum(['running', 'finished', 'failed', 'cancelled']), ...at }),
  z.object({
    type: z.literal('env'),
    python: z.string().nullable().optional(),
    torch: z.string().nullable().optional(),
    torchvision: z.string().nullable().optional(),
    cuda: z.string().nullable().optional(),
    device: z.string().nullable().optional(),
    gpus: z
      .array(z.object({ index: z.number().int(), name: z.string(), memoryMiB: z.number().nonnegative() }))
      .optional()
      .default([]),
    ...at,
  }),
  z.object({
    type: z.literal('code'),
    recipe: z.string().optional(),
    version: z.union([z.number(), z.string()]).optional(),
    script: z.string().optional(),
    sha256: z.string().optional(),
    ...at,
  }),
  z.object({ type: z.literal('params'), params: z.record(z.string(), paramValueSchema), ...at }),
  z.object({ type: z.literal('metric'), key: z.string().min(1), value: z.number(), step: z.number(), ...at }),
  z.object({
    type: z.literal('progress'),
    done: z.number().nonnegative(),
    total: z.number().nonnegative().nullable().optional(),
    unit: z.string().optional(),
    message: z.string().optional(),
    ...at,
  }),
  z.object({ type: z.literal('artifact'), name: z.string().min(1), kind: z.string(), path: z.string().min(1), ...at }),
  evaluationSchema.extend({ type: z.literal('evaluation'), ...at }),
  z.object({ type: z.literal('error'), message: z.string(), traceback: z.string().nullable().optional(), ...at }),
]);

/** A parsed runner event. */
export type RunnerEvent = z.infer<typeof runnerEventSchema>;

/**
 * Splits a byte stream into JSON-line events: feed chunks, get the complete events; a line that is
 * not a known event is answered as `invalid` (the run goes on: a newer runner may send more types).
 */
export class EventLineReader {
  private pending = '';

  /** The events completed by this chunk, and the lines that were not events. */
  push(chunk: string): { events: RunnerEvent[]; invalid: string[] } {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return this.parse(lines);
  }

  /** Whatever was left without a final newline, when the stream ends. */
  end(): { events: RunnerEvent[]; invalid: string[] } {
    const rest = this.pending;
    this.pending = '';
    return this.parse([rest]);
  }

  private parse(lines: string[]): { events: RunnerEvent[]; invalid: string[] } {
    const events: RunnerEvent[] = [];
    const invalid: string[] = [];
    for (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        invalid.push(text);
        continue;
      }
      const parsed = runnerEventSchema.safeParse(json);
      if (parsed.success) events.push(parsed.data);
      else invalid.push(text);
    }
    return { events, invalid };
  }
}
