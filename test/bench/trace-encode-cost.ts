/**
 * Profiling aid (not a benchmark): what holding one trace as bytes costs the gateway's thread,
 * measured on a real gateway trace (the facts a request leaves, taken as the recorder gets them),
 * beside JSON.stringify of the same facts written to a buffer, in the same run.
 *   node --import tsx test/bench/trace-encode-cost.ts [target: noauth|js|jscached] [rounds]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { Workbench } from '../../src-main/app/workbench';
import { HeldTraces } from '../../src-main/gateway/trace/held-traces';
import { ValueWriter } from '../../src-main/gateway/trace/value-codec';
import { startChildServer } from './harness';
import { publishTarget, targetNamed } from './bench-targets';

const target = targetNamed(process.argv[2] ?? 'noauth');
const rounds = Number(process.argv[3] ?? 5);
const PER_ROUND = 20_000;

// The facts of the last request, as the recorder hands them to the held traces.
let facts: unknown;
const put = HeldTraces.prototype.put;
HeldTraces.prototype.put = function (this: HeldTraces, id: string, value: unknown) {
  facts = value;
  return put.call(this, id, value);
};

const backend = await startChildServer('bench-backend.ts');
const dir = mkdtempSync(join(tmpdir(), 'apigw-tec-'));
const workbench = await Workbench.open({ dbFile: join(dir, 'tec.db'), gateway: { port: 0, defaultApiRateLimit: false } });
try {
  const path = publishTarget(workbench.store, target, backend.port);
  const { url } = await workbench.gateway.start();
  // Three requests: the cached target's third is a cache hit, as under load.
  for (let i = 0; i < 3; i++) await (await request(`${url}${path}`, { headers: { 'x-user': 'bench' } })).body.dump();
  HeldTraces.prototype.put = put;

  const writer = new ValueWriter();
  const out = Buffer.allocUnsafe(1 << 20);
  let jsonBytes = 0;
  const usPer = (fn: () => void) => {
    const started = performance.now();
    for (let i = 0; i < PER_ROUND; i++) fn();
    return ((performance.now() - started) * 1000) / PER_ROUND;
  };
  const encode = () => {
    writer.reset();
    writer.write(facts);
  };
  const json = () => {
    jsonBytes = out.write(JSON.stringify(facts), 0);
  };
  usPer(encode);
  usPer(json);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternated, so both see the same stretches of a machine whose speed drifts.
    const encodeUs = usPer(encode);
    const jsonUs = usPer(json);
    ratios.push(encodeUs / jsonUs);
    console.log(JSON.stringify({ target, encodeUs: +encodeUs.toFixed(2), bytes: writer.length, jsonUs: +jsonUs.toFixed(2), jsonBytes }));
  }
  ratios.sort((a, b) => a - b);
  console.log(JSON.stringify({ target, encodeOverJson: +ratios[Math.floor(ratios.length / 2)].toFixed(2) }));
} finally {
  await workbench.close();
  backend.stop();
  rmSync(dir, { recursive: true, force: true });
}
