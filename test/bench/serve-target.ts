/**
 * Serves one benchmark target until stopped (SIGTERM) and prints its URL: the minimal undici
 * proxy, or a gateway target of the source tree given (`--root`, this checkout by default). Run
 * by ab-gateway.ts, which compares two versions of the gateway in processes of their own.
 *   node --import tsx test/bench/serve-target.ts proxy|noauth|js|jscached BACKEND_PORT [--root DIR]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { publishTarget, targetNamed } from './bench-targets';
import { startMinimalProxy, viaRequest } from './minimal-proxy';

type WorkbenchModule = typeof import('../../src-main/app/workbench');

const [what, portArg] = process.argv.slice(2);
const backendPort = Number(portArg);
const rootAt = process.argv.indexOf('--root');
const root = resolve(rootAt > 0 ? process.argv[rootAt + 1] : join(import.meta.dirname, '../..'));
if (!Number.isInteger(backendPort)) throw new Error(`serve-target: the backend port must be a number (got ${portArg})`);

let stop: () => Promise<void>;
if (what === 'proxy') {
  const proxy = await startMinimalProxy(backendPort, viaRequest);
  stop = proxy.close;
  console.log(`${proxy.url}/`);
} else {
  const target = targetNamed(what);
  // The other tree's own code: its Workbench, store and gateway (the store API is the same shape).
  const { Workbench } = (await import(pathToFileURL(join(root, 'src-main/app/workbench.ts')).href)) as WorkbenchModule;
  const dir = mkdtempSync(join(tmpdir(), 'apigw-serve-'));
  const workbench = await Workbench.open({ dbFile: join(dir, 'bench.db'), gateway: { port: 0, defaultApiRateLimit: false } });
  const path = publishTarget(workbench.store, target, backendPort);
  const { port } = await workbench.gateway.start();
  stop = async () => {
    await workbench.close();
    rmSync(dir, { recursive: true, force: true });
  };
  console.log(`http://127.0.0.1:${port}${path}`);
}
process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
