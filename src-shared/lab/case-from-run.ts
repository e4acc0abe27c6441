/**
 * "Save this request as a test case" (issue 13, item 1): a request that was sent (from the tester,
 * or a stored trace's) becomes a suite case whose `expect` is what the gateway did (status, the
 * authorizer's decision, the gateway error, the cache where the authorizer has one), appended to a
 * suite's YAML text with the user's comments and layout kept.
 */
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { RELEASE_ENV } from '../model';
import type { TraceRecord } from '../trace';
import { observedDecision } from './expectations';

/** The identity-override header (src-main/lab/identity-override.ts); a case says `asContext` instead. */
const OVERRIDE_HEADER = 'x-apig-workbench-as-context';
/** Set by the gateway, the connection or the runner itself. */
const LEFT_OUT = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect', 'keep-alive', 'x-stage', 'x-request-id']);

export interface SentRequest {
  method: string;
  /** A path with its query, or a full URL (its host is left out: suites send to the local gateway). */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Environment name; '' or RELEASE for none. */
  env?: string;
}

export interface RunToSave {
  request: SentRequest;
  status: number;
  trace?: TraceRecord;
}

export interface CaseFromRun {
  /** The case as the suite holds it (a plain object, written as YAML). */
  testCase: { name: string; request: Record<string, unknown>; expect: Record<string, unknown> };
  /** What was changed from the request as sent, for the user to read (also written as a comment). */
  notes: string[];
}

export function caseFromRun(run: RunToSave, name: string): CaseFromRun {
  const notes: string[] = [];
  const { request, trace } = run;
  const path = request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  const headers: Record<string, string> = {};
  const credentials: Record<string, string> = {};
  let asContext: unknown;
  let signed = false;
  for (const [header, value] of Object.entries(request.headers)) {
    const lower = header.toLowerCase();
    if (LEFT_OUT.has(lower)) continue;
    if (lower === OVERRIDE_HEADER) {
      try {
        asContext = JSON.parse(value);
      } catch {
        headers[header] = value; // kept as sent: the case then fails as the request did
      }
      continue;
    }
    if (lower === 'x-auth-token') {
      credentials.iamToken = value;
      continue;
    }
    if (lower === 'authorization' && value.startsWith('SDK-HMAC-SHA256')) {
      signed = true;
      continue;
    }
    if (lower === 'x-sdk-date' || lower === 'x-sdk-content-sha256') continue;
    headers[header] = value;
  }
  // A trace does not keep the override header, only its context.
  const override = trace?.authorizers.find((a) => a.identityOverride && a.decision === 'allow');
  if (asContext === undefined && override) asContext = override.context;
  if (asContext !== undefined) notes.push('sent with an identity override: the case sets request.asContext (the authorizer is not run)');
  if (signed) {
    const appName = appOf(trace);
    if (appName) {
      credentials.app = appName;
      notes.push(`the request was signed by app ${appName}: the case signs it again with credentials.app (a stored signature expires)`);
    } else notes.push('the request was signed, but the app is not known: set credentials.app');
  }

  const req: Record<string, unknown> = { method: request.method.toUpperCase(), path };
  if (request.env && request.env !== RELEASE_ENV) req.stage = request.env;
  if (Object.keys(headers).length) req.headers = headers;
  if (request.body) req.body = request.body;
  if (Object.keys(credentials).length) req.credentials = credentials;
  if (asContext !== undefined) req.asContext = asContext;

  const expect: Record<string, unknown> = { status: run.status };
  const frontend = trace?.authorizers.find((a) => a.leg === 'frontend');
  if (frontend) expect.decision = observedDecision(trace);
  if (trace?.response.errorType) expect.errorType = trace.response.errorType;
  if (frontend?.cache.enabled) {
    expect.cache = frontend.cache.hit ? 'hit' : 'miss';
    if (frontend.cache.hit) notes.push('expect.cache is hit: each suite run starts with an empty cache, so an earlier case must send the same identity');
  }
  return { testCase: { name, request: req, expect }, notes };
}

function appOf(trace: TraceRecord | undefined): string | undefined {
  const detail = trace?.stages.find((s) => s.name === 'authentication')?.detail as { appName?: unknown } | undefined;
  return typeof detail?.appName === 'string' ? detail.appName : undefined;
}

/** The text of a new suite, before its first case. */
export function newSuiteText(name: string): string {
  return `# Authorizer test suite: run it with the Lab's Run suite, or in CI with\n#   npx apig-workbench test ${fileNameOf(name)} --db workspace.db --junit results.xml\nname: ${JSON.stringify(name)}\ncases: []\n`;
}

export function fileNameOf(suiteName: string): string {
  return `${suiteName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'suite'}.yaml`;
}

/**
 * Appends a case at the end of `cases:`, keeping the rest of the text as it is. A name already in
 * the suite gets " (2)", " (3)", … so the suite stays valid (names key JUnit and the run matrix).
 */
export function appendCase(text: string, made: CaseFromRun): { ok: true; text: string; name: string } | { ok: false; problem: string } {
  const doc = parseDocument(text.trim() === '' ? 'cases: []\n' : text, { keepSourceTokens: false });
  if (doc.errors.length) {
    const [line] = doc.errors[0].linePos ?? [];
    return { ok: false, problem: `the suite is not valid YAML${line ? ` (line ${line.line})` : ''}: fix it in the Lab before adding cases` };
  }
  if (!isMap(doc.contents)) return { ok: false, problem: 'the suite is not a mapping with a `cases:` list: fix it in the Lab before adding cases' };
  const root = doc.contents as YAMLMap;
  let cases = root.get('cases', true);
  if (cases === undefined || cases === null || (!isSeq(cases) && (cases as { value?: unknown }).value === null)) {
    root.set('cases', doc.createNode([]));
    cases = root.get('cases', true);
  }
  if (!isSeq(cases)) return { ok: false, problem: '`cases:` in the suite is not a list: fix it in the Lab before adding cases' };
  const names = new Set(cases.items.map((item) => (isMap(item) ? String(item.get('name') ?? '') : '')));
  let name = made.testCase.name;
  for (let n = 2; names.has(name); n++) name = `${made.testCase.name} (${n})`;
  // An empty `cases: []` is written in flow style; the first case turns it into a block list.
  cases.flow = false;
  const node = doc.createNode({ ...made.testCase, name });
  if (made.notes.length) node.commentBefore = made.notes.map((n) => ` ${n}`).join('\n');
  cases.items.push(node);
  return { ok: true, text: doc.toString({ lineWidth: 0 }), name };
}
