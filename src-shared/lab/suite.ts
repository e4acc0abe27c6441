/**
 * Authorizer test suites (issue 13, item 1): YAML files kept in version control. This module reads
 * one (text → checked suite, every problem naming its place) and expands it into the concrete
 * cases to send (variables substituted, data-driven rows unrolled). Running them is the core's job
 * (src-main/lab/suite-runner.ts); judging a result is expectations.ts.
 */
import { DiagnosticSink, type Diagnostic } from '../openapi/diagnostics';
import { parseText } from '../openapi/parse';

/** What `expect.decision` may say, in the suite's words (snake_case, as users write YAML). */
export const EXPECTED_DECISIONS = ['allow', 'deny', 'identities_failure', 'conf_failure', 'relaxed', 'not_called'] as const;
export type ExpectedDecision = (typeof EXPECTED_DECISIONS)[number];

export const EXPECTED_CACHE = ['hit', 'miss'] as const;
export type ExpectedCache = (typeof EXPECTED_CACHE)[number];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

export interface SuiteCredentials {
  /** Name of an app in the workspace: the request is signed with its AppKey/AppSecret (SDK-HMAC-SHA256). */
  app?: string;
  /** Sent as X-Auth-Token (IAM authentication; the token must be in the workspace's IAM token table). */
  iamToken?: string;
}

export interface SuiteRequest {
  method: string;
  /** Path with an optional query string, e.g. /guide?x=1. */
  path: string;
  /** Environment, sent as X-Stage (none for RELEASE). */
  stage?: string;
  headers: Record<string, string>;
  query: Record<string, string | string[]>;
  /** Text body; an object or list in YAML is sent as JSON. */
  body?: string;
  credentials?: SuiteCredentials;
  /**
   * Identity override: the frontend authorizer is not run and this context is used instead.
   * Without it, a case whose request uses an override is an error (APIG has no such thing).
   */
  asContext?: Record<string, string | number | boolean>;
}

/** A header/query expectation: a value, or null for "must be absent". */
export type ExpectedValue = string | null;

export interface SuiteExpect {
  status?: number;
  decision?: ExpectedDecision;
  errorType?: string;
  errorCode?: string;
  context?: Record<string, string | number | boolean | null>;
  backendHeaders?: Record<string, ExpectedValue>;
  backendQuery?: Record<string, ExpectedValue>;
  /** An object/list: a subset of the JSON body; a string: text the body must contain. */
  body?: unknown;
  cache?: ExpectedCache;
}

export interface SuiteCase {
  name: string;
  request: SuiteRequest;
  expect: SuiteExpect;
  /** Where the case is in the file (1-based line), for reports. */
  line: number;
}

export interface Suite {
  name: string;
  cases: SuiteCase[];
}

export interface ReadSuiteResult {
  suite?: Suite;
  diagnostics: Diagnostic[];
}

type Vars = Record<string, string>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const esc = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The suite format's keys, what each means, and the values an enumerated one takes: the one source
 * for the reader's "unknown key" checks below and for the editor's completion (suite-completion.ts).
 */
export interface SuiteKeySpec {
  doc: string;
  /** The allowed values of an enumerated key. */
  values?: readonly string[];
  /** The keys of its mapping (or, with `list`, of each item of its list). */
  keys?: Readonly<Record<string, SuiteKeySpec>>;
  list?: boolean;
}

const CREDENTIALS_SPEC: SuiteKeySpec = {
  doc: 'Credentials applied to the request',
  keys: {
    app: { doc: 'Name of a workspace app: the request is signed with its AppKey/AppSecret (SDK-HMAC-SHA256)' },
    iamToken: { doc: 'Sent as X-Auth-Token (IAM authentication; a token of the workspace IAM token table)' },
  },
};

const REQUEST_SPEC: SuiteKeySpec = {
  doc: 'The request sent to the local gateway',
  keys: {
    method: { doc: 'HTTP method (default GET)', values: METHODS },
    path: { doc: 'Path, may carry ?query (required)' },
    stage: { doc: 'Environment, sent as X-Stage (none for RELEASE)' },
    headers: { doc: 'Request headers: name: value' },
    query: { doc: 'Query parameters: name: value, or a list for a repeated name' },
    body: { doc: 'Body: a string as is; a mapping or list is sent as JSON' },
    credentials: CREDENTIALS_SPEC,
    asContext: { doc: 'Identity override: the frontend authorizer is not run and this context is used (workbench only)' },
  },
};

const EXPECT_SPEC: SuiteKeySpec = {
  doc: 'What the gateway must have done; every key is optional',
  keys: {
    status: { doc: 'HTTP status of the response (100–599)' },
    decision: { doc: "The frontend custom authorizer's decision", values: EXPECTED_DECISIONS },
    errorType: { doc: 'Gateway error type, e.g. AUTHORIZER_FAILURE' },
    errorCode: { doc: 'Gateway error code, e.g. APIG.0305' },
    context: { doc: "Subset of the frontend authorizer's context; null = absent" },
    backendHeaders: { doc: 'Headers as the backend received them (subset); null = absent' },
    backendQuery: { doc: 'Query parameters as the backend received them (subset); null = absent' },
    body: { doc: 'A mapping or list: a subset of the JSON body; a string: text the body contains' },
    cache: { doc: "The frontend authorizer's cache", values: EXPECTED_CACHE },
  },
};

export const SUITE_SPEC: SuiteKeySpec = {
  doc: 'An authorizer test suite',
  keys: {
    name: { doc: 'The suite name (default: the file name)' },
    variables: { doc: 'Values for ${name} in any request or expect value' },
    defaults: {
      doc: "Applied to every case's request (the case's own values win)",
      keys: { stage: REQUEST_SPEC.keys!.stage, headers: REQUEST_SPEC.keys!.headers, credentials: CREDENTIALS_SPEC },
    },
    cases: {
      doc: 'The cases, run in order',
      list: true,
      keys: {
        name: { doc: 'Unique case name (JUnit and the run matrix key on it)' },
        request: REQUEST_SPEC,
        expect: EXPECT_SPEC,
        rows: { doc: 'Data-driven: one case per row; the row keys are variables' },
        skip: { doc: 'true: the case is not run', values: ['true', 'false'] },
      },
    },
  },
};

const keysOf = (spec: SuiteKeySpec) => Object.keys(spec.keys ?? {});
const TOP_KEYS = keysOf(SUITE_SPEC);
const CASE_KEYS = keysOf(SUITE_SPEC.keys!.cases);
const DEFAULTS_KEYS = keysOf(SUITE_SPEC.keys!.defaults);
const REQUEST_KEYS = keysOf(REQUEST_SPEC);
const CREDENTIAL_KEYS = keysOf(CREDENTIALS_SPEC);
const EXPECT_KEYS = keysOf(EXPECT_SPEC);

/**
 * Reads a suite. `fallbackName` (usually the file name) names a suite without `name:`.
 * With any error the suite is not returned: a half-read suite must not run and look green.
 */
export function readSuite(text: string, fallbackName: string): ReadSuiteResult {
  const parsed = parseText(text, { format: /^\s*[[{]/.test(text) ? 'json' : 'yaml', limits: { maxChars: 4 * 1024 * 1024 } });
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const sink = new DiagnosticSink(parsed.locator);
  const root = parsed.value;
  if (!isObj(root)) {
    sink.error('', 'a suite is a mapping with a `cases:` list');
    return { diagnostics: sink.items };
  }
  unknownKeys(sink, '', root, TOP_KEYS);
  const name = root.name === undefined ? fallbackName : text1(sink, '/name', root.name);
  const variables = stringMap(sink, '/variables', root.variables, 'variables') ?? {};
  const defaults = root.defaults === undefined ? undefined : readRequestDefaults(sink, root.defaults);
  const cases: SuiteCase[] = [];
  if (!Array.isArray(root.cases)) {
    sink.error(root.cases === undefined ? '' : '/cases', '`cases:` must be a list of cases');
  } else {
    if (root.cases.length === 0) sink.error('/cases', '`cases:` is empty: a suite needs at least one case');
    root.cases.forEach((raw, i) => cases.push(...readCase(sink, `/cases/${i}`, raw, variables, defaults, parsed.locator.locate(`/cases/${i}`).line)));
    const seen = new Map<string, number>();
    cases.forEach((c) => seen.set(c.name, (seen.get(c.name) ?? 0) + 1));
    for (const [dup, count] of seen) if (count > 1) sink.error('/cases', `case name "${dup}" is used ${count} times: names must be unique (JUnit and the run matrix key on them)`);
  }
  const errors = sink.items.filter((d) => d.severity === 'error');
  return { suite: errors.length === 0 ? { name: name ?? fallbackName, cases } : undefined, diagnostics: sink.items };
}

interface RequestDefaults {
  stage?: string;
  headers?: Record<string, string>;
  credentials?: SuiteCredentials;
}

function readRequestDefaults(sink: DiagnosticSink, raw: unknown): RequestDefaults | undefined {
  if (!isObj(raw)) {
    sink.error('/defaults', '`defaults:` must be a mapping (stage, headers, credentials)');
    return undefined;
  }
  unknownKeys(sink, '/defaults', raw, DEFAULTS_KEYS);
  return {
    stage: raw.stage === undefined ? undefined : text1(sink, '/defaults/stage', raw.stage),
    headers: stringMap(sink, '/defaults/headers', raw.headers, 'headers'),
    credentials: raw.credentials === undefined ? undefined : readCredentials(sink, '/defaults/credentials', raw.credentials),
  };
}

function readCase(sink: DiagnosticSink, at: string, raw: unknown, suiteVars: Vars, defaults: RequestDefaults | undefined, line: number): SuiteCase[] {
  if (!isObj(raw)) {
    sink.error(at, 'a case is a mapping with `name`, `request` and `expect`');
    return [];
  }
  unknownKeys(sink, at, raw, CASE_KEYS);
  const name = text1(sink, `${at}/name`, raw.name);
  if (name === undefined) return [];
  if (raw.skip === true) return [];
  if (raw.skip !== undefined && raw.skip !== false) sink.error(`${at}/skip`, '`skip` must be true or false');
  if (!isObj(raw.request)) {
    sink.error(raw.request === undefined ? at : `${at}/request`, `case "${name}": \`request\` must be a mapping with at least \`path\``);
    return [];
  }
  if (raw.expect !== undefined && !isObj(raw.expect)) {
    sink.error(`${at}/expect`, `case "${name}": \`expect\` must be a mapping`);
    return [];
  }
  let rows: Vars[] = [{}];
  if (raw.rows !== undefined) {
    if (!Array.isArray(raw.rows) || raw.rows.length === 0) {
      sink.error(`${at}/rows`, `case "${name}": \`rows\` must be a non-empty list of variable mappings`);
      return [];
    }
    rows = raw.rows.map((r, i) => stringMap(sink, `${at}/rows/${i}`, r, 'row') ?? {});
  }
  return rows.map((row, i) => {
    const vars = { ...suiteVars, ...row };
    const where = (p: string) => `${at}/${p}`;
    const subst = (value: unknown, pointer: string) => substitute(sink, pointer, value, vars);
    const rowName = raw.rows === undefined ? name : name.includes('${') ? (subst(name, `${at}/name`) as string) : `${name} [${i + 1}]`;
    const request = readRequest(sink, where('request'), subst(raw.request, where('request')) as Obj, defaults && substituteDefaults(sink, defaults, vars));
    const expect = readExpect(sink, where('expect'), (subst(raw.expect ?? {}, where('expect')) as Obj) ?? {});
    return { name: rowName, request, expect, line };
  });
}

function readRequest(sink: DiagnosticSink, at: string, raw: Obj, defaults: RequestDefaults | undefined): SuiteRequest {
  unknownKeys(sink, at, raw, REQUEST_KEYS);
  const method = raw.method === undefined ? 'GET' : (text1(sink, `${at}/method`, raw.method) ?? 'GET').toUpperCase();
  if (!(METHODS as readonly string[]).includes(method)) sink.error(`${at}/method`, `method must be one of ${METHODS.join(', ')}, got ${method}`);
  const path = text1(sink, `${at}/path`, raw.path) ?? '/';
  if (!path.startsWith('/')) sink.error(`${at}/path`, `path must start with /, got "${path}"`);
  const query: Record<string, string | string[]> = {};
  if (raw.query !== undefined) {
    if (!isObj(raw.query)) sink.error(`${at}/query`, '`query` must be a mapping of name to value (or list of values)');
    else
      for (const [k, v] of Object.entries(raw.query)) {
        if (Array.isArray(v)) query[k] = v.map((item, i) => scalar(sink, `${at}/query/${esc(k)}/${i}`, item) ?? '');
        else query[k] = scalar(sink, `${at}/query/${esc(k)}`, v) ?? '';
      }
  }
  let body: string | undefined;
  if (raw.body !== undefined && raw.body !== null) body = typeof raw.body === 'string' ? raw.body : JSON.stringify(raw.body);
  const credentials = raw.credentials === undefined ? defaults?.credentials : readCredentials(sink, `${at}/credentials`, raw.credentials);
  return {
    method,
    path,
    stage: raw.stage === undefined ? defaults?.stage : text1(sink, `${at}/stage`, raw.stage),
    headers: { ...defaults?.headers, ...stringMap(sink, `${at}/headers`, raw.headers, 'headers') },
    query,
    body,
    credentials,
    asContext: raw.asContext === undefined ? undefined : readAsContext(sink, `${at}/asContext`, raw.asContext),
  };
}

function readAsContext(sink: DiagnosticSink, at: string, raw: unknown): Record<string, string | number | boolean> | undefined {
  if (!isObj(raw)) {
    sink.error(at, '`asContext` must be a mapping of context key to value');
    return undefined;
  }
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else sink.error(`${at}/${esc(k)}`, 'context values are strings, numbers or booleans');
  }
  return out;
}

function readCredentials(sink: DiagnosticSink, at: string, raw: unknown): SuiteCredentials | undefined {
  if (!isObj(raw)) {
    sink.error(at, '`credentials` must be a mapping with `app` (an app name) and/or `iamToken`');
    return undefined;
  }
  unknownKeys(sink, at, raw, CREDENTIAL_KEYS);
  return {
    app: raw.app === undefined ? undefined : text1(sink, `${at}/app`, raw.app),
    iamToken: raw.iamToken === undefined ? undefined : text1(sink, `${at}/iamToken`, raw.iamToken),
  };
}

function readExpect(sink: DiagnosticSink, at: string, raw: Obj): SuiteExpect {
  unknownKeys(sink, at, raw, EXPECT_KEYS);
  const out: SuiteExpect = {};
  if (raw.status !== undefined) {
    const n = typeof raw.status === 'string' && /^\d+$/.test(raw.status) ? Number(raw.status) : raw.status;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599) sink.error(`${at}/status`, `status must be an HTTP status 100–599, got ${JSON.stringify(raw.status)}`);
    else out.status = n;
  }
  if (raw.decision !== undefined) out.decision = oneOf(sink, `${at}/decision`, raw.decision, EXPECTED_DECISIONS);
  if (raw.cache !== undefined) out.cache = oneOf(sink, `${at}/cache`, raw.cache, EXPECTED_CACHE);
  if (raw.errorType !== undefined) out.errorType = text1(sink, `${at}/errorType`, raw.errorType);
  if (raw.errorCode !== undefined) out.errorCode = text1(sink, `${at}/errorCode`, raw.errorCode);
  if (raw.context !== undefined) {
    if (!isObj(raw.context)) sink.error(`${at}/context`, '`context` must be a mapping of context key to value');
    else {
      out.context = {};
      for (const [k, v] of Object.entries(raw.context)) {
        if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out.context[k] = v as string | number | boolean | null;
        else sink.error(`${at}/context/${esc(k)}`, `context values are strings, numbers, booleans or null (absent), got ${Array.isArray(v) ? 'a list' : 'a mapping'}`);
      }
    }
  }
  for (const key of ['backendHeaders', 'backendQuery'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!isObj(v)) {
      sink.error(`${at}/${key}`, `\`${key}\` must be a mapping of name to value (null: must be absent)`);
      continue;
    }
    const map: Record<string, ExpectedValue> = {};
    for (const [k, value] of Object.entries(v)) map[k] = value === null ? null : (scalar(sink, `${at}/${key}/${esc(k)}`, value) ?? '');
    out[key] = map;
  }
  if (raw.body !== undefined) out.body = raw.body;
  return out;
}

/** The suite's defaults with this case's variables; an unknown variable is reported once, not per case. */
function substituteDefaults(sink: DiagnosticSink, defaults: RequestDefaults, vars: Vars): RequestDefaults {
  const scratch = new DiagnosticSink();
  const out = substitute(scratch, '/defaults', defaults, vars) as RequestDefaults;
  for (const d of scratch.items) {
    if (!sink.items.some((seen) => seen.pointer === d.pointer && seen.message === d.message)) sink.error(d.pointer, d.message);
  }
  return out;
}

/** `${name}` in any string of `value` becomes the variable's value; an unknown variable is an error. */
function substitute(sink: DiagnosticSink, at: string, value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g, (whole, name: string) => {
      if (name in vars) return vars[name];
      sink.error(at, `unknown variable \${${name}} (define it under \`variables:\` or in the case's \`rows:\`)`);
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substitute(sink, `${at}/${i}`, v, vars));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(sink, `${at}/${esc(k)}`, v, vars)]));
  return value;
}

function unknownKeys(sink: DiagnosticSink, at: string, raw: Obj, known: string[]): void {
  for (const key of Object.keys(raw)) if (!known.includes(key)) sink.error(`${at}/${esc(key)}`, `unknown key \`${key}\` (expected one of: ${known.join(', ')})`);
}

function text1(sink: DiagnosticSink, at: string, v: unknown): string | undefined {
  if (typeof v === 'string' && v !== '') return v;
  sink.error(at, `${at.split('/').pop()} must be a non-empty text, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return undefined;
}

/** Scalars in header/query positions are sent as text (YAML reads `id: 7` as a number). */
function scalar(sink: DiagnosticSink, at: string, v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  sink.error(at, `expected a text value, got ${v === null ? 'null' : Array.isArray(v) ? 'a list' : 'a mapping'}`);
  return undefined;
}

function stringMap(sink: DiagnosticSink, at: string, raw: unknown, what: string): Record<string, string> | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) {
    sink.error(at, `\`${what}\` must be a mapping of name to value`);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const s = scalar(sink, `${at}/${esc(k)}`, v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

function oneOf<T extends string>(sink: DiagnosticSink, at: string, v: unknown, allowed: readonly T[]): T | undefined {
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
  sink.error(at, `${at.split('/').pop()} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return undefined;
}
