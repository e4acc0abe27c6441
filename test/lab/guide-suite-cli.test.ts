/**
 * `apig-workbench test` end to end: a real workspace file with the APIG user guide's header, query
 * and user-data authorizers (real python3), the CLI as a child process running its own gateway on a
 * loopback port, a real echo backend, and the JUnit file it writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoBackend, type EchoBackend } from '../../src-main/sample/echo-backend';
import { WorkspaceStore } from '../../src-main/store/workspace-store';

const bin = join(__dirname, '..', '..', 'bin', 'apig-workbench.mjs');

/** The guide's authorizer, reading the identity from `source` (headers, queryStringParameters or user_data). */
function guideAuthorizer(read: string): string {
  return [
    'import json',
    '',
    'def handler(event, context):',
    `    if ${read} == "abc":`,
    '        resp = {"statusCode": 200, "body": json.dumps({"status": "allow", "context": {"user": "abcd"}})}',
    '    else:',
    '        resp = {"statusCode": 200, "body": json.dumps({"status": "deny", "context": {"code": "WRONG_TEST"}})}',
    '    return json.dumps(resp)',
    '',
  ].join('\n');
}

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

const GUIDE_SUITE = `
name: APIG guide authorizers
variables:
  good: abc
cases:
  - name: header identity allows and maps the context to the backend header
    request: { path: /by-header, headers: { test: "\${good}" } }
    expect:
      status: 200
      decision: allow
      context: { user: abcd }
      backendHeaders: { test: abcd }
      cache: miss
  - name: the same header identity is answered from the cache
    request: { path: /by-header, headers: { test: abc } }
    expect: { status: 200, decision: allow, cache: hit, backendHeaders: { test: abcd } }
  - name: a wrong header is denied with the default AUTHORIZER_FAILURE
    request: { path: /by-header, headers: { test: nope } }
    expect: { status: 500, decision: deny, errorType: AUTHORIZER_FAILURE, context: { code: WRONG_TEST }, body: { error_code: APIG.0305 } }
  - name: no header never calls the function
    request: { path: /by-header }
    expect: { status: 401, decision: identities_failure, errorType: AUTHORIZER_IDENTITIES_FAILURE }
  - name: query identity \${value}
    rows:
      - { value: abc, status: "200", decision: allow }
      - { value: xyz, status: "500", decision: deny }
    request: { path: /by-query, query: { test: "\${value}", page: "2" } }
    expect: { status: "\${status}", decision: "\${decision}" }
  - name: query reaches the backend as sent
    request: { path: /by-query, query: { test: abc, page: "2" } }
    expect: { backendQuery: { page: "2", test: abc, missing: null }, backendHeaders: { test: abcd } }
  - name: user_data authorizer allows every request
    request: { method: POST, path: /by-user-data, body: { hello: world } }
    expect: { status: 200, decision: allow, context: { user: abcd }, backendHeaders: { test: abcd } }
  - name: an app-signed request passes APP authentication
    request: { path: /signed, credentials: { app: ci_app } }
    expect: { status: 200, decision: not_called }
  - name: an unsigned request to the APP API is refused
    request: { path: /signed }
    expect: { status: 401, decision: not_called }
`;

describe('apig-workbench test: the APIG guide authorizers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-lab-'));
  const db = join(dir, 'ws.db');
  let echo: EchoBackend;

  beforeAll(async () => {
    echo = await startEchoBackend();
    const store = WorkspaceStore.open(db);
    try {
      const group = store.groups.create({ name: 'guide_group' });
      const release = store.environments.getByName('RELEASE')!;
      const urn = (name: string) => `urn:fss:local:project:function:default:${name}:latest`;
      const backend = {
        type: 'HTTP' as const,
        address: echo.url.replace('http://', ''),
        path: '/echo',
        params: [{ name: 'test', location: 'HEADER' as const, origin: 'SYSTEM' as const, value: '$context.authorizer.frontend.user' }],
      };
      const specs = [
        { name: 'by_header', read: 'event["headers"].get("test")', identities: [{ name: 'test', location: 'HEADER' as const }], ttl: 60 },
        { name: 'by_query', read: 'event["queryStringParameters"].get("test")', identities: [{ name: 'test', location: 'QUERY' as const }], ttl: 0 },
        { name: 'by_user_data', read: 'event["user_data"]', identities: [], ttl: 0, userData: 'abc' },
      ];
      for (const s of specs) {
        store.functions.create({ name: `${s.name}_fn`, runtime: 'python', source: { kind: 'inline', code: guideAuthorizer(s.read) } });
        const auth = store.authorizers.create({ name: `${s.name}_auth`, type: 'FRONTEND', functionUrn: urn(`${s.name}_fn`), identities: s.identities, ttl: s.ttl, userData: s.userData });
        const api = store.apis.create({
          groupId: group.id,
          name: s.name,
          method: s.name === 'by_user_data' ? 'POST' : 'GET',
          path: `/${s.name.replace(/_/g, '-')}`,
          authType: 'AUTHORIZER',
          authorizerId: auth.id,
          backend,
        });
        store.publications.publish(api.id, release.id);
      }
      const signed = store.apis.create({ groupId: group.id, name: 'signed', method: 'GET', path: '/signed', authType: 'APP', backend });
      store.publications.publish(signed.id, release.id);
      const app = store.apps.create({ name: 'ci_app' });
      store.apps.authorize(app.id, signed.id, release.id);
      // Suites saved from the Lab screen, run by name (or all at once) from the CLI.
      store.testSuites.save({ name: 'header ok', text: 'cases:\n  - name: allowed\n    request: { path: /by-header, headers: { test: abc } }\n    expect: { status: 200, decision: allow }\n' });
      store.testSuites.save({ name: 'header wrong', text: 'cases:\n  - name: wrong header value\n    request: { path: /by-header, headers: { test: abc } }\n    expect: { backendHeaders: { test: nope } }\n' });
    } finally {
      store.close();
    }
    writeFileSync(join(dir, 'guide.yaml'), GUIDE_SUITE);
  });
  afterAll(async () => {
    await echo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs green, exits 0 and writes a JUnit file with every case', async () => {
    const junit = join(dir, 'guide.xml');
    const res = await run(['test', join(dir, 'guide.yaml'), '--db', db, '--junit', junit]);
    expect(res.err).toBe('');
    expect(res.out).toContain('10 passed, 0 failed, 0 error(s) in 1 suite(s)');
    expect(res.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="APIG guide authorizers"');
    expect(xml).toContain('tests="10" failures="0" errors="0"');
    expect(xml).toContain('<testcase name="query identity abc"');
    expect(xml).toContain('<testcase name="query identity xyz"');
    expect(xml).not.toContain('<failure');
    // The guide's authorizers read only their identity sources (user_data is the same for every request).
    expect(res.out).not.toContain('warning:');
  });

  it('a wrong expectation fails with exit 1, naming the field, expected and actual', async () => {
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(
      wrong,
      [
        'cases:',
        '  - name: header maps a context the backend receives',
        '    request: { path: /by-header, headers: { test: abc } }',
        '    expect: { status: 200, backendHeaders: { test: abcde }, context: { user: abcd } }',
        '  - name: deny expected but allowed',
        '    request: { path: /by-query, query: { test: abc } }',
        '    expect: { decision: deny }',
      ].join('\n'),
    );
    const junit = join(dir, 'wrong.xml');
    const res = await run(['test', wrong, '--db', db, '--junit', junit]);
    expect(res.code).toBe(1);
    expect(res.out).toContain(`${wrong}:2: backendHeaders.test: expected "abcde", actual "abcd"`);
    expect(res.out).toMatch(new RegExp(`${wrong.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: decision: expected "deny", actual "allow"`));
    expect(res.out).toContain('0 passed, 2 failed');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('failures="2"');
    expect(xml).toContain('<failure message="backendHeaders.test: expected &quot;abcde&quot;, actual &quot;abcd&quot;"');
  });

  it('--json prints every case with its mismatches and request id', async () => {
    const wrong = join(dir, 'json.yaml');
    writeFileSync(wrong, 'cases:\n  - name: c\n    request: { path: /by-header, headers: { test: nope } }\n    expect: { status: 200 }\n');
    const res = await run(['test', wrong, '--db', db, '--json']);
    expect(res.code).toBe(1);
    const report = JSON.parse(res.out);
    expect(report.suites[0].cases[0]).toMatchObject({
      name: 'c',
      outcome: 'failed',
      status: 500,
      mismatches: [{ field: 'status', expected: 200, actual: 500 }],
    });
    expect(report.suites[0].cases[0].requestId).toMatch(/\S/);
  });

  it('an unreadable suite exits 2 naming the line and the problem, and runs nothing', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'cases:\n  - name: x\n    request: { path: /by-header }\n    expect: { decision: maybe }\n');
    const res = await run(['test', bad, join(dir, 'guide.yaml'), '--db', db]);
    expect(res.code).toBe(2);
    expect(res.err).toContain(`${bad}:4:`);
    expect(res.err).toContain('decision must be one of allow, deny, identities_failure, conf_failure, relaxed, not_called, got "maybe"');
    expect(res.out).toBe('');
  });

  it('a suite saved in the workspace runs by name; without SUITE every saved suite runs', { timeout: 120_000 }, async () => {
    // One after the other: a workspace is open in one process at a time.
    const byName = await run(['test', 'Header OK', '--db', db]);
    const all = await run(['test', '--db', db]);
    expect(byName.err).toBe('');
    expect(byName.out).toContain('1 passed, 0 failed, 0 error(s) in 1 suite(s)');
    expect(byName.code).toBe(0);
    expect(all.code).toBe(1);
    expect(all.out).toContain('workspace:header wrong:2: backendHeaders.test: expected "nope", actual "abcd"');
    expect(all.out).toContain('1 passed, 1 failed, 0 error(s) in 2 suite(s)');
  });

  // Four CLI processes (each starts tsx): run side by side, with room for a loaded machine.
  it('bad usage exits 2: no suite (none saved either), no --db, a missing workspace, a missing file', { timeout: 120_000 }, async () => {
    const empty = join(dir, 'empty.db');
    WorkspaceStore.open(empty).close();
    const [noSuite, noDb, missingDb, missingSuite] = await Promise.all([
      run(['test', '--db', empty]),
      run(['test', join(dir, 'guide.yaml')]),
      run(['test', join(dir, 'guide.yaml'), '--db', join(dir, 'nope.db')]),
      run(['test', join(dir, 'nope.yaml'), '--db', db]),
    ]);
    expect(noSuite.code).toBe(2);
    expect(noSuite.err).toContain('SUITE is required: name a suite file, or save suites in the workspace');
    expect(noDb.code).toBe(2);
    expect(missingDb.code).toBe(2);
    expect(missingDb.err).toContain('cannot open workspace');
    expect(missingSuite.code).toBe(2);
    expect(missingSuite.err).toContain("nope.yaml: no such file, and the workspace has no saved suite of that name (saved: header ok, header wrong)");
  });
});
