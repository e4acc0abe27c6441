/**
 * The Electron shell's cloud keychain (src-main/hosts/electron/cloud-keychain.ts) in front of the real
 * core (browser host over HTTP) and the stand-in cloud. Electron's safeStorage cannot run here; its
 * stand-in below encrypts reversibly with a key of its own, as the OS keychain would, so the test can
 * check the blob on disk never holds the secret in the clear.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudKeysStatus, ContractCall, DeployReport } from '../../src-shared/contract';
import { coreCall } from '../../src-main/hosts/electron/core-link';
import { withCloudKeychain, type SafeStorageLike } from '../../src-main/hosts/electron/cloud-keychain';
import { CloudStandIn } from '../cloud/stand-in';
import { startHostFixture, type HostFixture } from './helpers';

const AK = 'HPUAKEYCHAINAK000001';
const SK = 'keychainSecret0123456789abcdefghijklmnop';
const PROJECT = '11112222333344445555666677778888';
const INSTANCE = '99990000aaaabbbbccccddddeeeeffff';

function osKeychain(available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    encryptString(text) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(blob) {
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

let fx: HostFixture;
let cloud: CloudStandIn;
let groupId: string;
let envId: string;

beforeAll(async () => {
  fx = await startHostFixture();
  cloud = new CloudStandIn({ [AK]: SK }, PROJECT, INSTANCE);
  await cloud.start();
  const group = await fx.client.createGroup({ input: { name: 'keychain_group' } });
  const release = (await fx.client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  const api = await fx.client.createApi({ input: { groupId: group.id, name: 'ping', method: 'GET', path: '/ping', backend: { type: 'MOCK', statusCode: 200, body: 'pong', headers: [] } } });
  await fx.client.publishApi({ apiId: api.id, envId: release.id });
  groupId = group.id;
  envId = release.id;
});
afterAll(async () => {
  await cloud?.close();
  await fx?.close();
});

const target = () => ({ groupId, envId, projectId: PROJECT, instanceId: INSTANCE, endpoint: cloud.origin, functionGraphEndpoint: cloud.origin });
const result = <T>(r: Awaited<ReturnType<ContractCall>>): T => {
  if (!('result' in r)) throw new Error(r.error.message);
  return r.result as T;
};

describe('Electron cloud keychain', () => {
  it('remembers keys encrypted outside the workspace and deploys with them when the screen sends none', async () => {
    const file = path.join(fx.dir, 'cloud-keys.bin');
    const call = withCloudKeychain(coreCall({ url: fx.host.origin, token: fx.host.token }), osKeychain(), file);
    expect(result<CloudKeysStatus>(await call('cloudKeysStatus', {}))).toMatchObject({ canRemember: true, remembered: undefined });

    const plan = result<DeployReport>(await call('planDeploy', { ...target(), keys: { ak: AK, sk: SK }, rememberKeys: true }));
    expect(plan.outcome).toBe('planned');
    const blob = fs.readFileSync(file);
    expect(blob.includes(Buffer.from(SK))).toBe(false);
    expect(blob.includes(Buffer.from(AK))).toBe(false);
    expect(fs.readFileSync(fx.session.workbench.store.file).includes(Buffer.from(SK))).toBe(false);
    expect(result<CloudKeysStatus>(await call('cloudKeysStatus', {})).remembered).toEqual({ accessKeyHint: 'HPUA****' });

    // No keys in the call: the remembered ones sign it (the stand-in checks the signature).
    const applied = result<DeployReport>(await call('applyDeploy', target()));
    expect(applied.outcome).toBe('applied');
    expect(cloud.state.groups.map((g) => g.name)).toEqual(['keychain_group']);
  });

  it('says so when the OS keychain is unavailable, and the core itself never remembers keys', async () => {
    const call = withCloudKeychain(coreCall({ url: fx.host.origin, token: fx.host.token }), osKeychain(false), path.join(fx.dir, 'none.bin'));
    const refused = await call('planDeploy', { ...target(), keys: { ak: AK, sk: SK }, rememberKeys: true });
    expect(refused).toEqual({ error: { kind: 'unavailable', message: 'the system keychain is not available: the keys were not remembered' } });
    const direct = await fx.post('planDeploy', { ...target(), keys: { ak: AK, sk: SK }, rememberKeys: true });
    expect(direct.json.error.kind).toBe('unavailable');
  });
});
