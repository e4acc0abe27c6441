/**
 * "Save this request as a test case" and the suites kept in the workspace: over the real HTTP host,
 * a real SQLite workspace, a real gateway on loopback with a real echo backend. A request sent as
 * the tester sends it (or rebuilt from its stored trace) becomes a case whose expectations pass
 * when the saved suite runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostFixture, type HostFixture } from '../hosts/helpers';
import { startEchoBackend, type EchoBackend } from '../../src-main/sample/echo-backend';
import { appendCase, caseFromRun, newSuiteText } from '../../src-shared/lab/case-from-run';
import { readSuite } from '../../src-shared/lab/suite';
import type { SendRequestArgs, SendRequestResult } from '../../src-shared/contract';
import { signRequest } from '../../src-shared/apig/app-signature';

const ALLOW_ABC = `exports.handler = async (event) => {
  const ok = event.headers['x-token'] === 'abc';
  return { statusCode: 200, body: JSON.stringify({ status: ok ? 'allow' : 'deny', context: ok ? { user: 'alice' } : {} }) };
};`;

let fx: HostFixture;
let echo: EchoBackend;
beforeAll(async () => {
  fx = await startHostFixture();
  echo = await startEchoBackend();
  const store = fx.session.workbench.store;
  const group = store.groups.create({ name: 'cases' });
  const release = store.environments.getByName('RELEASE')!;
  store.functions.create({ name: 'allow_abc', runtime: 'nodejs', source: { kind: 'inline', code: ALLOW_ABC }, timeoutMs: 3000 });
  const auth = store.authorizers.create({
    name: 'token_auth',
    type: 'FRONTEND',
    functionUrn: 'urn:fss:local:project:function:default:allow_abc:latest',
    identities: [{ name: 'x-token', location: 'HEADER' }],
    ttl: 60,
  });
  const api = store.apis.create({
    groupId: group.id,
    name: 'guarded',
    method: 'GET',
    path: '/guarded',
    authType: 'AUTHORIZER',
    authorizerId: auth.id,
    backend: { type: 'HTTP', address: echo.url.replace('http://', ''), path: '/echo' },
  });
  store.publications.publish(api.id, release.id);
  const signed = store.apis.create({
    groupId: group.id,
    name: 'signed',
    method: 'GET',
    path: '/signed',
    authType: 'APP',
    backend: { type: 'HTTP', address: echo.url.replace('http://', ''), path: '/echo' },
  });
  store.publications.publish(signed.id, release.id);
  const app = store.apps.create({ name: 'ci_app' });
  store.apps.authorize(app.id, signed.id, release.id);
});
afterAll(async () => {
  await fx?.close();
  await echo?.close();
});

const send = async (request: SendRequestArgs): Promise<{ request: SendRequestArgs & { headers: Record<string, string> }; result: SendRequestResult }> => ({
  request: { ...request, headers: request.headers ?? {} },
  result: await fx.client.sendRequest(request),
});

describe('suites kept in the workspace', () => {
  it('are created, listed by name, renamed, refused under a taken name, and removed', async () => {
    const a = await fx.client.saveTestSuite({ name: 'zeta', text: 'cases: []\n' });
    const b = await fx.client.saveTestSuite({ name: 'Alpha', text: '# draft with an error is kept as written\ncases: 7\n' });
    expect((await fx.client.listTestSuites()).map((s) => s.name)).toEqual(['Alpha', 'zeta']);
    expect((await fx.client.listTestSuites())[0].text).toBe('# draft with an error is kept as written\ncases: 7\n');
    const renamed = await fx.client.saveTestSuite({ id: a.id, name: 'omega', text: 'cases: []\n' });
    expect(renamed.id).toBe(a.id);
    await expect(fx.client.saveTestSuite({ name: 'ALPHA', text: '' })).rejects.toMatchObject({ kind: 'validation', issues: [{ field: 'name', rule: 'unique' }] });
    await expect(fx.client.saveTestSuite({ name: 'a/b', text: '' })).rejects.toMatchObject({ kind: 'validation', issues: [{ field: 'name' }] });
    await fx.client.removeTestSuite({ id: b.id });
    await fx.client.removeTestSuite({ id: a.id });
    await expect(fx.client.removeTestSuite({ id: a.id })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(fx.client.saveTestSuite({ id: a.id, name: 'gone', text: '' })).rejects.toMatchObject({ kind: 'not-found' });
    expect(await fx.client.listTestSuites()).toEqual([]);
  });
});

describe('save this request as a test case', () => {
  it('tester requests become cases expecting what happened (miss, then hit, then deny), and the saved suite runs green', async () => {
    const starter = '# my suite: comments stay\nname: mine\ncases: []\n';
    let text = starter;
    const runs = [
      await send({ method: 'GET', url: '/guarded?x=1', headers: { 'x-token': 'abc', 'X-Stage': 'RELEASE' } }),
      await send({ method: 'GET', url: '/guarded', headers: { 'x-token': 'abc' } }),
      await send({ method: 'GET', url: '/guarded', headers: { 'x-token': 'nope' } }),
    ];
    const notes: string[][] = [];
    for (const { request, result } of runs) {
      const made = caseFromRun({ request, status: result.status, trace: result.trace }, 'GET /guarded');
      notes.push(made.notes);
      const appended = appendCase(text, made);
      if (!appended.ok) throw new Error(appended.problem);
      text = appended.text;
    }
    expect(text.startsWith('# my suite: comments stay\n')).toBe(true);
    const suite = readSuite(text, 'mine').suite!;
    expect(suite.cases.map((c) => [c.name, c.request.path, c.expect])).toEqual([
      ['GET /guarded', '/guarded?x=1', { status: 200, decision: 'allow', cache: 'miss' }],
      ['GET /guarded (2)', '/guarded', { status: 200, decision: 'allow', cache: 'hit' }],
      ['GET /guarded (3)', '/guarded', { status: 500, decision: 'deny', errorType: 'AUTHORIZER_FAILURE', cache: 'miss' }],
    ]);
    expect(notes[1].join(' ')).toContain('each suite run starts with an empty cache');

    const saved = await fx.client.saveTestSuite({ name: 'from the tester', text });
    const reply = await fx.client.runTestSuite({ text: (await fx.client.listTestSuites()).find((s) => s.id === saved.id)!.text, name: saved.name });
    expect(reply.result?.cases.map((c) => [c.name, c.outcome])).toEqual([
      ['GET /guarded', 'passed'],
      ['GET /guarded (2)', 'passed'],
      ['GET /guarded (3)', 'passed'],
    ]);
    await fx.client.removeTestSuite({ id: saved.id });
  });

  it('an identity override sent from the tester becomes request.asContext, and the case runs (not refused)', async () => {
    const { request, result } = await send({ method: 'GET', url: '/guarded', headers: { 'X-Apig-Workbench-As-Context': '{"user":"carol"}' } });
    const made = caseFromRun({ request, status: result.status, trace: result.trace }, 'as carol');
    expect(made.testCase.request).toEqual({ method: 'GET', path: '/guarded', asContext: { user: 'carol' } });
    const appended = appendCase(newSuiteText('override'), made);
    if (!appended.ok) throw new Error(appended.problem);
    const reply = await fx.client.runTestSuite({ text: appended.text, name: 'override' });
    expect(reply.result?.cases.map((c) => c.outcome)).toEqual(['passed']);
  });

  it('a stored trace (rebuilt by traceRequest) becomes a case the same way, host left out', async () => {
    const sent = await fx.client.sendRequest({ method: 'GET', url: '/guarded', headers: { 'x-token': 'nope' }, env: 'RELEASE' });
    const trace = await fx.client.getTrace({ id: sent.requestId! });
    const { request } = await fx.client.traceRequest({ id: trace.id });
    const made = caseFromRun({ request: { ...request, headers: request.headers ?? {} }, status: trace.response.status, trace }, 'from trace');
    expect(made.testCase.request).toEqual({ method: 'GET', path: '/guarded', headers: { 'x-token': 'nope' } });
    expect(made.testCase.expect).toMatchObject({ status: 500, decision: 'deny', errorType: 'AUTHORIZER_FAILURE' });
    const appended = appendCase(newSuiteText('trace'), made);
    if (!appended.ok) throw new Error(appended.problem);
    expect((await fx.client.runTestSuite({ text: appended.text })).result?.failed).toBe(0);
  });

  it('a request signed by an app becomes credentials.app (signed again when the suite runs), not the old signature', async () => {
    const app = fx.session.workbench.store.apps.getByName('ci_app')!;
    const gatewayUrl = (await fx.client.gatewayStatus()).url!;
    const signed = signRequest({ method: 'GET', url: `${gatewayUrl}/signed`, headers: { 'x-a': '1' }, body: '', appKey: app.appKey, appSecret: app.appSecret });
    const { request, result } = await send({ method: 'GET', url: '/signed', headers: signed.headers });
    expect(result.status).toBe(200);
    const made = caseFromRun({ request, status: result.status, trace: result.trace }, 'signed by ci_app');
    expect(made.testCase.request).toEqual({ method: 'GET', path: '/signed', headers: { 'x-a': '1' }, credentials: { app: 'ci_app' } });
    expect(made.notes.join(' ')).toContain('signed by app ci_app');
    const appended = appendCase(newSuiteText('signed'), made);
    if (!appended.ok) throw new Error(appended.problem);
    expect((await fx.client.runTestSuite({ text: appended.text })).result?.cases.map((c) => c.outcome)).toEqual(['passed']);
  });

  it('refuses to append to a suite it cannot read, naming the line', () => {
    const made = caseFromRun({ request: { method: 'GET', url: '/x', headers: {} }, status: 200 }, 'x');
    expect(appendCase('cases:\n  - name: a\n   bad: [', made)).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid YAML \(line \d+\)/) });
    expect(appendCase('- just a list\n', made)).toMatchObject({ ok: false, problem: expect.stringContaining('not a mapping') });
    expect(appendCase('cases: nope\n', made)).toMatchObject({ ok: false, problem: expect.stringContaining('`cases:` in the suite is not a list') });
  });
});

describe('invokeFunction (the function editor Test)', () => {
  it('runs a saved function or a draft on an event, with its result, logs and failures', async () => {
    const fn = fx.session.workbench.store.functions.getByName('allow_abc')!;
    const run = await fx.client.invokeFunction({ functionId: fn.id, event: { headers: { 'x-token': 'abc' } } });
    expect(run.ok).toBe(true);
    expect(JSON.parse((run.result as { body: string }).body)).toEqual({ status: 'allow', context: { user: 'alice' } });
    const draft = await fx.client.invokeFunction({
      function: { name: 'draft_fn', runtime: 'nodejs', source: { kind: 'inline', code: 'exports.handler = async (e) => { console.log("got", e.n); throw new Error("boom " + e.n); };' } },
      event: { n: 7 },
    });
    expect(draft).toMatchObject({ ok: false, failure: { kind: 'exception', message: expect.stringContaining('boom 7') } });
    expect(draft.logs.join('\n')).toContain('got 7');
    await expect(fx.client.invokeFunction({ event: {} })).rejects.toMatchObject({ kind: 'invalid-argument' });
    await expect(fx.client.invokeFunction({ functionId: 'nope', event: {} })).rejects.toMatchObject({ kind: 'not-found' });
  });
});
