/**
 * Runs authorizer test suites through the real local gateway: each case is an HTTP request on the
 * gateway's loopback port (signed with an app or carrying an IAM token when the case says so), and
 * is judged on the response and the gateway's trace of it. Cases of a suite run in order, so a
 * case can expect the cache hit its predecessor filled; each suite starts with an empty
 * authorizer cache, so its result does not depend on what ran before.
 */
import { signRequest } from '../../src-shared/apig/app-signature';
import { checkExpectations, type Mismatch } from '../../src-shared/lab/expectations';
import type { Suite, SuiteCase } from '../../src-shared/lab/suite';
import type { CaseResult, SuiteResult } from '../../src-shared/lab/suite-result';

export type { CaseResult, SuiteResult } from '../../src-shared/lab/suite-result';
import { RELEASE_ENV } from '../../src-shared/model';
import type { WorkspaceStore } from '../store/workspace-store';
import { sendThroughGateway, type TesterGateway } from './tester';
import { IDENTITY_OVERRIDE_HEADER, usedIdentityOverride } from './identity-override';

export interface SuiteGateway extends TesterGateway {
  flushAuthorizerCache(authorizerId?: string): number;
}

export async function runSuite(gateway: SuiteGateway, store: WorkspaceStore, suite: Suite, file: string): Promise<SuiteResult> {
  const started = performance.now();
  gateway.flushAuthorizerCache();
  const cases: CaseResult[] = [];
  for (const c of suite.cases) cases.push(await runCase(gateway, store, c));
  return {
    name: suite.name,
    file,
    cases,
    passed: cases.filter((c) => c.outcome === 'passed').length,
    failed: cases.filter((c) => c.outcome === 'failed').length,
    errors: cases.filter((c) => c.outcome === 'error').length,
    durationMs: elapsedSince(started),
  };
}

async function runCase(gateway: SuiteGateway, store: WorkspaceStore, c: SuiteCase): Promise<CaseResult> {
  const started = performance.now();
  const base = { name: c.name, line: c.line, mismatches: [] as Mismatch[] };
  try {
    const { path, headers } = prepareRequest(gateway, store, c);
    const sent = await sendThroughGateway(gateway, {
      method: c.request.method,
      url: path,
      headers,
      body: c.request.body,
      env: c.request.stage,
    });
    if (usedIdentityOverride(sent.trace) && !c.request.asContext) {
      const error = `the request used an identity override (${IDENTITY_OVERRIDE_HEADER}) but the case does not ask for one: set request.asContext`;
      return { ...base, outcome: 'error', error, status: sent.status, requestId: sent.requestId, durationMs: elapsedSince(started) };
    }
    const body = sent.bodyEncoding === 'text' ? sent.body : Buffer.from(sent.body, 'base64').toString('latin1');
    const mismatches = checkExpectations(c.expect, { status: sent.status, body, trace: sent.trace });
    const lint = sent.trace?.authorizers.flatMap((a) => (a.eventLint?.findings ?? []).map((x) => `${a.authorizerName}: ${x.message}`));
    return {
      ...base,
      outcome: mismatches.length ? 'failed' : 'passed',
      mismatches,
      status: sent.status,
      requestId: sent.requestId,
      lint: lint?.length ? lint : undefined,
      durationMs: elapsedSince(started),
    };
  } catch (error) {
    return { ...base, outcome: 'error', error: error instanceof Error ? error.message : String(error), durationMs: elapsedSince(started) };
  }
}

/** The path with the case's query, and its headers with credentials applied (signature last). */
function prepareRequest(gateway: SuiteGateway, store: WorkspaceStore, c: SuiteCase): { path: string; headers: Record<string, string> } {
  const { request } = c;
  const path = withQuery(request.path, request.query);
  const headers: Record<string, string> = { ...request.headers };
  // X-Stage is part of what the signature covers when the client sends it, so it is set before signing.
  if (request.stage && request.stage !== RELEASE_ENV) headers['x-stage'] = request.stage;
  if (request.asContext) headers[IDENTITY_OVERRIDE_HEADER] = JSON.stringify(request.asContext);
  const credentials = request.credentials;
  if (credentials?.iamToken) headers['x-auth-token'] = credentials.iamToken;
  if (credentials?.app) {
    const app = store.apps.getByName(credentials.app);
    if (!app) {
      const known = store.apps.list().map((a) => a.name);
      throw new Error(`credentials.app: no app named ${credentials.app} in this workspace${known.length ? ` (apps: ${known.join(', ')})` : ''}`);
    }
    const address = gateway.address();
    if (!address) throw new Error('the local gateway is not running');
    const signed = signRequest({
      method: request.method,
      url: address.url + path,
      headers,
      body: sendsBody(request.method) ? (request.body ?? '') : '',
      appKey: app.appKey,
      appSecret: app.appSecret,
    });
    return { path, headers: signed.headers };
  }
  return { path, headers };
}

const sendsBody = (method: string) => method !== 'GET' && method !== 'HEAD';

function withQuery(path: string, query: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) params.append(name, v);
  const text = params.toString();
  if (!text) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${text}`;
}

function elapsedSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
