import { eventNames } from '../../../shared/contract';
import type { Transport, WorkbenchBridge } from './transport';

/** The desktop app's transport: the preload bridge, which is always connected. */
export function createIpcTransport(bridge: WorkbenchBridge): Transport {
  return {
    mode: 'ipc',
    invoke: (method, input) => bridge.invoke(method, input),
    onEvent(listener) {
      const offs = eventNames.map((name) => bridge.on(name, (payload) => listener(name, payload)));
      return () => offs.forEach((off) => off());
    },
    onStatus(listener) {
      listener('connected');
      return () => undefined;
    },
  };
}
