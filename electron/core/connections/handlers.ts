import type { Handlers } from '../contract/dispatch';
import type { ServiceContext } from '../services';
import type { ConnectionService } from './connection-service';

type ConnectionMethods = Pick<Handlers, Extract<keyof Handlers, `connections.${string}`>>;

/**
 * The `connections.*` methods: thin over ConnectionService (inputs are already validated by the
 * dispatcher; failures are WorkbenchErrors with their fixes).
 */
export function connectionHandlers(ctx: ServiceContext & { connections: ConnectionService }): ConnectionMethods {
  const { connections } = ctx;
  return {
    'connections.list': async () => ({ connections: connections.list() }),
    'connections.add': (input) => connections.add(input),
    'connections.update': (input) => connections.update(input),
    'connections.delete': async ({ id }) => ({ deleted: await connections.delete(id) }),
    'connections.test': async ({ id }) => ({ jobId: connections.test(id) }),
    'connections.trust': ({ id, kind, sha256 }) => connections.trust(id, kind, sha256),
    'connections.discover': ({ id }) => connections.discover(id),
  };
}
