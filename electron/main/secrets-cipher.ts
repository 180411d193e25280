import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/services';

/**
 * Electron's safeStorage (the OS keyring: Keychain, DPAPI, libsecret/kwallet) as the secrets
 * store's cipher, when it is available. On Linux without a keyring safeStorage falls back to a
 * fixed built-in key ("basic_text"); the store's own owner-only key file is no weaker and says
 * what it is, so that case is left to it.
 */
export function desktopSecretsCipher(): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return {
    kind: 'electron-safe-storage',
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (data) => safeStorage.decryptString(data),
  };
}
