import { z } from 'zod';

/** Declares one method of the contract: its input and output schemas and a one-line summary. */
export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string) => ({
  input,
  output,
  summary,
});

/** The input of a method that takes nothing. */
export const noInput = z.object({}).strict();

/** The input of a method that acts on one record. */
export const byId = z.object({ id: z.string().min(1, 'give the id from the list') }).strict();
