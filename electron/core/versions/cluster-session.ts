import { WorkbenchError } from '../errors';
import type { OntapApi } from '../ontap/ontap-api';
import type { ConnectionRegistry } from '../services';

/**
 * Runs `work` with an API session on the connection: the protocol asked for, else the connection's
 * own (REST by default); when REST cannot reach the cluster (HOST_UNREACHABLE) and none was asked
 * for, it runs again over the CLI via SSH. The session is always closed.
 */
export async function withCluster<T>(
  connections: ConnectionRegistry,
  connectionId: string,
  options: { protocol?: 'rest' | 'ssh'; signal?: AbortSignal },
  work: (api: OntapApi) => Promise<T>,
): Promise<T> {
  const once = async (protocol?: 'rest' | 'ssh') => {
    const api = await connections.openApi(connectionId, { protocol, signal: options.signal });
    try {
      return await work(api);
    } finally {
      await api.close();
    }
  };
  try {
    return await once(options.protocol);
  } catch (err) {
    const fallback =
      !options.protocol &&
      err instanceof WorkbenchError &&
      err.code === 'HOST_UNREACHABLE' &&
      connections.get(connectionId).protocol === 'rest';
    if (!fallback) throw err;
    return once('ssh');
  }
}

/** The protocol a call will use first: the one asked for or the connection's. */
export function protocolOf(connections: ConnectionRegistry, connectionId: string, asked?: 'rest' | 'ssh'): 'rest' | 'ssh' {
  return asked ?? connections.get(connectionId).protocol;
}
