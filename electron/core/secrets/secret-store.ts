// STUB — helper A replaces this file.
import type { SecretCipher, SecretStore } from '../services';

/** Creates the secrets store in the data directory. */
export function createSecretStore(_options: { dataDir: string; env: NodeJS.ProcessEnv; cipher?: SecretCipher }): SecretStore {
  const notYet = async (): Promise<never> => {
    throw new Error('secrets store not built yet');
  };
  return { kind: 'stub', get: notYet, set: notYet, delete: notYet };
}
