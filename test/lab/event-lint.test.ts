/**
 * Portable-event lint: real Node and Python authorizers behind the real gateway; the runtimes
 * record which event fields the handler reads, the trace reports the reads APIG may not support.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../gateway/fixture';
import { lintEventReads } from '../../src-shared/lab/event-lint';
import { readSuite } from '../../src-shared/lab/suite';
import { runSuite } from '../../src-main/lab/suite-runner';
import { formatSuiteResult } from '../../src-main/lab/suite-report';

const NODE_READER = `exports.handler = async (event) => {
  const token = event.headers['x-token'];
  const client = event.headers['x-client'];
  const tenant = event.queryStringParameters.tenant;
  const where = event.path;
  return { statusCode: 200, body: JSON.stringify({ status: token ? 'allow' : 'deny', context: { c: String(client), t: String(tenant), p: where } }) };
};`;

const PYTHON_READER = `import json

def handler(event, context):
    ok = event["headers"].get("x-token") == "t1" and "x-client" in event["headers"]
    names = sorted(event["queryStringParameters"].keys())
    return json.dumps({"statusCode": 200, "body": json.dumps({"status": "allow" if ok else "deny", "context": {"n": str(len(names)), "m": event["httpMethod"]}})})
`;

describe('portable-event lint through the gateway', () => {
  let f: Fixture;
  const lintOf = async (requestId: string) => (await f.workbench.gateway.getTrace(requestId))!.authorizers[0].eventLint;

  beforeAll(async () => {
    f = await createFixture();
    f.fn({ name: 'node_reader', code: NODE_READER });
    f.fn({ name: 'py_reader', runtime: 'python', code: PYTHON_READER });
    const identities = [{ name: 'X-Token', location: 'HEADER' as const }];
    const nodeAuth = f.authorizer({ name: 'node_reader_auth', functionName: 'node_reader', identities, ttl: 0 });
    const cachedAuth = f.authorizer({ name: 'node_cached_auth', functionName: 'node_reader', identities, ttl: 60 });
    const pyAuth = f.authorizer({ name: 'py_reader_auth', functionName: 'py_reader', identities, ttl: 0 });
    f.api({ name: 'node_api', path: '/node', authType: 'AUTHORIZER', authorizerId: nodeAuth.id });
    f.api({ name: 'cached_api', path: '/cached', authType: 'AUTHORIZER', authorizerId: cachedAuth.id });
    f.api({ name: 'py_api', path: '/py', authType: 'AUTHORIZER', authorizerId: pyAuth.id });
  });
  afterAll(() => f.close());

  it('Node: a non-identity header and query are flagged; the identity source and path (no cache) are not', async () => {
    const res = await f.send('/node?tenant=a', { headers: { 'x-token': 't1', 'x-client': 'web' } });
    expect(res.status).toBe(200);
    const lint = (await lintOf(res.requestId))!;
    expect(lint.reads).toEqual(expect.arrayContaining(['headers.x-token', 'headers.x-client', 'queryStringParameters.tenant', 'path']));
    expect(lint.findings.map((x) => x.read)).toEqual(['headers.x-client', 'queryStringParameters.tenant']);
    expect(lint.findings[0].message).toBe('reads header "x-client", which is not an identity source: APIG may not send it');
  });

  it('with the cache on, a read outside the identity sources (path) is flagged too', async () => {
    const res = await f.send('/cached?tenant=a', { headers: { 'x-token': 't2' } });
    const lint = (await lintOf(res.requestId))!;
    expect(lint.findings.map((x) => x.read)).toEqual(['headers.x-client', 'path', 'queryStringParameters.tenant']);
    expect(lint.findings.find((x) => x.read === 'path')!.message).toContain('the decision is reused for every request with the same identity sources, other APIs included');
  });

  it('Python: get, in and keys() are recorded; an enumeration of the query is flagged', async () => {
    const res = await f.send('/py?a=1&b=2', { headers: { 'x-token': 't1', 'x-client': 'cli' } });
    expect(res.status).toBe(200);
    const lint = (await lintOf(res.requestId))!;
    expect(lint.reads).toEqual(expect.arrayContaining(['headers.x-token', 'headers.x-client', 'queryStringParameters.*', 'httpMethod']));
    expect(lint.findings.map((x) => x.read)).toEqual(['headers.x-client', 'queryStringParameters.*']);
  });

  it('a test suite case reports the lint as warnings without failing', async () => {
    const { suite } = readSuite('cases:\n  - name: lint\n    request: { path: /node, headers: { x-token: t, x-client: c } }\n    expect: { status: 200 }\n', 's');
    const result = await runSuite(f.workbench.gateway, f.workbench.store, suite!, 's.yaml');
    expect(result.cases[0]).toMatchObject({ outcome: 'passed', lint: [expect.stringContaining('node_reader_auth: reads header "x-client"'), expect.stringContaining('query parameter "tenant"')] });
    expect(formatSuiteResult(result)).toContain('       warning: node_reader_auth: reads header "x-client", which is not an identity source: APIG may not send it');
  });

  it('with "event carries identity sources only" the event has just those; the option is stored and can be turned off', async () => {
    f.fn({ name: 'strict_fn', code: `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { seen: Object.keys(event.headers).join(',') + '|' + Object.keys(event.queryStringParameters).join(',') } }) });` });
    const strict = f.authorizer({
      name: 'strict_auth',
      functionName: 'strict_fn',
      identities: [{ name: 'X-Token', location: 'HEADER' }, { name: 'tenant', location: 'QUERY' }],
      eventIdentitySourcesOnly: true,
    });
    expect(f.workbench.store.authorizers.get(strict.id)!.eventIdentitySourcesOnly).toBe(true);
    f.api({ name: 'strict_api', path: '/strict', authType: 'AUTHORIZER', authorizerId: strict.id });
    const res = await f.send('/strict?tenant=a&other=b', { headers: { 'x-token': 't', 'x-client': 'c' } });
    const run = (await f.workbench.gateway.getTrace(res.requestId))!.authorizers[0];
    expect(run.context.seen).toBe('x-token|tenant');
    f.workbench.store.authorizers.update(strict.id, { eventIdentitySourcesOnly: false });
    const loose = await f.send('/strict?tenant=a&other=b', { headers: { 'x-token': 't', 'x-client': 'c' } });
    expect((await f.workbench.gateway.getTrace(loose.requestId))!.authorizers[0].context.seen).toMatch(/x-client.*\|tenant,other$/);
  });

  it("the editor's Test reports the same lint", async () => {
    const authorizer = f.workbench.store.authorizers.list().find((a) => a.name === 'node_reader_auth')!;
    const run = await f.workbench.testAuthorizer({ authorizer, event: { headers: { 'x-token': 't', 'x-client': 'c' }, queryStringParameters: {}, path: '/' } });
    expect(run.eventLint?.findings.map((x) => x.read)).toEqual(['headers.x-client', 'queryStringParameters.tenant']);
  });
});

describe('lintEventReads', () => {
  const auth = { identities: [{ name: 'Auth', location: 'HEADER' as const }, { name: 'k', location: 'QUERY' as const }], ttl: 0 };
  it('identity sources, user_data and plain map access are fine; header names compare case-insensitively', () => {
    expect(lintEventReads(['headers', 'headers.auth', 'queryStringParameters.k', 'user_data', 'path'], auth)?.findings).toEqual([]);
    expect(lintEventReads([], auth)).toBeUndefined();
  });
  it('query names are case-sensitive; a whole-event read with the cache on is flagged', () => {
    expect(lintEventReads(['queryStringParameters.K'], auth)!.findings.map((x) => x.read)).toEqual(['queryStringParameters.K']);
    expect(lintEventReads(['*', 'requestContext.requestId', 'requestContext.apiId'], { ...auth, ttl: 30 })!.findings.map((x) => x.read)).toEqual(['*', 'requestContext.apiId']);
  });
});
