import { z } from 'zod';
import { workbenchErrorSchema, type WorkbenchErrorShape } from './errors';

/** The outcome of one invoke, the same over IPC and WebSocket. */
export type InvokeResult = { ok: true; result: unknown } | { ok: false; error: WorkbenchErrorShape };

/** A renderer → backend message on the WebSocket. */
export const clientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int(),
  method: z.string(),
  input: z.unknown(),
});

/** A backend → renderer message on the WebSocket. */
export const serverMessageSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: workbenchErrorSchema }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);

/** A parsed backend → renderer message. */
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** The WebSocket path of browser mode. */
export const WS_PATH = '/ws';
/** IPC channel names of the desktop app. */
export const IPC_INVOKE = 'workbench:invoke';
export const IPC_EVENT = 'workbench:event';
