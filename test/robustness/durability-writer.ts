/**
 * Child process for the durability test: opens the workspace given as argv[2] and writes to it
 * as fast as it can, through the store API, until it is killed. After each write has COMMITTED
 * it prints one line naming what it committed; stdout to a pipe is synchronous on Linux, so a
 * printed line is a promise the parent can hold the file to after a kill -9.
 *
 *   ready                      the store is open
 *   group <id> | fn <id> | api <id> | pub <id> | trace <id>
 *   upd <apiId> <n>            the API's description is now "rev <n>"
 */
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import type { TraceRecord } from '../../src-shared/trace';

const file = process.argv[2];
const tag = process.argv[3] ?? String(process.pid);
const store = WorkspaceStore.open(file);
// Count-bounded trace retention would legitimately prune old ids; this test is about crashes.
store.traces.setRetention(1_000_000);
const release = store.environments.getByName('RELEASE')!;
const say = (line: string) => process.stdout.write(`${line}\n`);
say('ready');

function trace(n: number): TraceRecord {
  const id = `${tag}t${n}`;
  return {
    id,
    requestId: id,
    startedAt: new Date().toISOString(),
    totalMs: 1.5,
    request: { method: 'GET', url: `/dur/${n}`, host: 'localhost', headers: { 'x-n': String(n) }, sourceIp: '127.0.0.1' },
    stages: [],
    authorizers: [],
    response: { status: 200, headers: {}, body: 'x'.repeat(200) },
    fidelityNotes: [],
  };
}

let n = 0;
for (;;) {
  n++;
  const group = store.groups.create({ name: `g_${tag}_${n}` });
  say(`group ${group.id}`);
  const fn = store.functions.create({ name: `f_${tag}_${n}`, runtime: 'nodejs', source: { kind: 'inline', code: `exports.handler = async () => ${n};` } });
  say(`fn ${fn.id}`);
  const api = store.apis.create({
    groupId: group.id,
    name: `api_${n}`,
    method: 'GET',
    path: `/dur/${n}`,
    backend: { type: 'MOCK', body: `mock ${n}` },
  });
  say(`api ${api.id}`);
  for (let rev = 1; rev <= 3; rev++) {
    store.apis.update(api.id, { description: `rev ${rev}` });
    say(`upd ${api.id} ${rev}`);
  }
  const pub = store.publications.publish(api.id, release.id, `publish ${n}`);
  say(`pub ${pub.id}`);
  store.traces.append([trace(n * 2), trace(n * 2 + 1)]);
  say(`trace ${tag}t${n * 2}`);
  say(`trace ${tag}t${n * 2 + 1}`);
}
