/**
 * The workbench side of peer.bench.ts: what `apig-workbench serve --db FILE --port N` does
 * (open the workspace, start the gateway, stop on SIGTERM), with one difference: APIG's default
 * per-API throttle (200 calls/s, which the gateway emulates) is off, because the peer has no
 * such quota and the comparison is about the gateway's own cost, not about APIG's quota.
 *
 *   node --import tsx test/bench/peer/workbench-server.ts FILE PORT
 */
import { Workbench } from '../../../src-main/app/workbench';

const [file, port] = process.argv.slice(2);
const workbench = await Workbench.open({ dbFile: file, gateway: { port: Number(port), defaultApiRateLimit: false } });
const { url } = await workbench.gateway.start();
process.stdout.write(`${url}\n`);
await new Promise<void>((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
await workbench.close();
