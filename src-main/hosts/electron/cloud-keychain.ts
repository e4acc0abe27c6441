/**
 * The desktop app's cloud keys in the OS keychain: Electron's safeStorage encrypts them with a key
 * the OS keeps (Keychain, DPAPI, libsecret), and only the encrypted blob is written, to the app's
 * user-data folder — never to the workspace. This wraps the contract forwarding of the Electron
 * shell: a deploy call that asks to remember its keys stores them here, a deploy call without keys
 * gets the remembered ones, and the core (a plain Node process) never learns where they came from.
 */
import fs from 'node:fs';
import type { CloudKeysInput, CloudKeysStatus, ContractCall, DeployArgs } from '../../../src-shared/contract';

/** The part of Electron's safeStorage this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

const hint = (ak: string) => (ak.length <= 4 ? '****' : `${ak.slice(0, 4)}****`);

export function withCloudKeychain(forward: ContractCall, safe: SafeStorageLike, file: string): ContractCall {
  const read = (): CloudKeysInput | undefined => {
    if (!safe.isEncryptionAvailable() || !fs.existsSync(file)) return undefined;
    try {
      const keys = JSON.parse(safe.decryptString(fs.readFileSync(file))) as CloudKeysInput;
      return keys.ak && keys.sk ? keys : undefined;
    } catch {
      return undefined; // another user's or a corrupt blob: as good as none
    }
  };
  return async (method, args) => {
    if (method === 'cloudKeysStatus') {
      const response = await forward(method, args);
      if (!('result' in response)) return response;
      const remembered = read();
      const status: CloudKeysStatus = { ...(response.result as CloudKeysStatus), canRemember: safe.isEncryptionAvailable(), remembered: remembered && { accessKeyHint: hint(remembered.ak) } };
      return { result: status };
    }
    if (method !== 'planDeploy' && method !== 'applyDeploy') return forward(method, args);
    const { rememberKeys, ...rest } = args as DeployArgs;
    if (rememberKeys && rest.keys) {
      if (!safe.isEncryptionAvailable()) return { error: { kind: 'unavailable', message: 'the system keychain is not available: the keys were not remembered' } };
      fs.writeFileSync(file, safe.encryptString(JSON.stringify(rest.keys)), { mode: 0o600 });
    }
    const keys = rest.keys ?? read();
    return forward(method, keys ? { ...rest, keys } : rest);
  };
}
