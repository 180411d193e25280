import type { SecretStore } from '../../electron/core/services';

/** A SecretStore in memory, for unit tests of what stores secrets (not of the store itself). */
export class MemorySecrets implements SecretStore {
  readonly kind = 'memory';
  readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
