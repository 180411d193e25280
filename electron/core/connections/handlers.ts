// STUB — helper A replaces this file.
import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';
import type { ConnectionService } from './connection-service';

type ConnectionMethods = Pick<Handlers, Extract<keyof Handlers, `connections.${string}`>>;

/** The `connections.*` methods. */
export function connectionHandlers(_ctx: ServiceContext & { connections: ConnectionService }): ConnectionMethods {
  const notYet = async (): Promise<never> => {
    throw new Error('not built yet');
  };
  return {
    'connections.list': notYet,
    'connections.add': notYet,
    'connections.update': notYet,
    'connections.delete': notYet,
    'connections.test': notYet,
    'connections.trust': notYet,
    'connections.discover': notYet,
  };
}
