import { describe, expect, it } from 'vitest';
import type { Api, Authorizer } from '../../src-shared/model';
import {
  validateApi,
  validateApp,
  validateAuthorizer,
  validateEnvironment,
  validateFunction,
  validateGroup,
  validateResponseSet,
  validateVariable,
  ValidationError,
  withApiDefaults,
  withAuthorizerDefaults,
  withFunctionDefaults,
  withGroupDefaults,
  type ApiInput,
} from '../../src-shared/rules';
import { issueAt } from './helpers';

const api = (over: Partial<ApiInput> = {}) =>
  withApiDefaults({ groupId: 'g', name: 'getUser', method: 'GET', path: '/users/{id}', backend: { type: 'MOCK' }, ...over });
const pathParam = { name: 'id', location: 'PATH' as const, type: 'STRING' as const, required: true, validEnable: false, passThrough: true };
const httpBackend = (over: Record<string, unknown> = {}) => ({ type: 'HTTP' as const, address: 'backend.local:8080', path: '/v1/users', ...over });
const rule = (issues: { field: string; rule: string }[], field: string) => issueAt(issues as never, field).rule;

describe('ValidationError', () => {
  it('lists every issue as "field: message"', () => {
    const e = new ValidationError([{ field: 'name', rule: 'length', message: 'must be 3–64 characters (got 1)' }, { field: 'ttl', rule: 'range', message: 'too big' }]);
    expect(e.message).toContain('name: must be 3–64 characters (got 1)');
    expect(e.message).toContain('ttl: too big');
    expect(e.issues).toHaveLength(2);
  });
});

describe('group rules', () => {
  it('accepts a valid group, Chinese name included', () => {
    expect(validateGroup(withGroupDefaults({ name: 'shop_api', domains: ['api.example.com'] }))).toEqual([]);
    expect(validateGroup(withGroupDefaults({ name: '商城分组' }))).toEqual([]);
  });
  it('follows the V2 name rule: 3–255, letter or digit first, letters, digits and -_./(): (CreateApiGroupV2)', () => {
    expect(rule(validateGroup(withGroupDefaults({ name: 'ab' })), 'name')).toBe('length');
    expect(rule(validateGroup(withGroupDefaults({ name: 'a'.repeat(256) })), 'name')).toBe('length');
    expect(rule(validateGroup(withGroupDefaults({ name: '-shop' })), 'name')).toBe('pattern');
    expect(rule(validateGroup(withGroupDefaults({ name: 'shop api' })), 'name')).toBe('pattern');
    for (const name of ['1shop', 'software-package-server', 'a.b/c(d):e_f', 'a'.repeat(255)]) {
      expect(validateGroup(withGroupDefaults({ name }))).toEqual([]);
    }
  });
  it('allows at most 5 domains, each a plain host name', () => {
    const six = ['a.com', 'b.com', 'c.com', 'd.com', 'e.com', 'f.com'];
    expect(rule(validateGroup(withGroupDefaults({ name: 'shop', domains: six })), 'domains')).toBe('max-count');
    expect(rule(validateGroup(withGroupDefaults({ name: 'shop', domains: ['https://a.com'] })), 'domains[0]')).toBe('pattern');
  });
});

describe('API rules', () => {
  it('accepts a complete valid API', () => {
    expect(validateApi(api({ requestParams: [pathParam] }))).toEqual([]);
  });
  it('rejects an unknown method and a path without a leading /', () => {
    const issues = validateApi(api({ method: 'FETCH' as never, path: 'users' }));
    expect(rule(issues, 'method')).toBe('enum');
    expect(rule(issues, 'path')).toBe('leading-slash');
  });
  it('rejects a {param} that is only part of a segment', () => {
    expect(rule(validateApi(api({ path: '/users/abc{id}' })), 'path')).toBe('param-segment');
  });
  it('rejects a path longer than 512 characters', () => {
    expect(rule(validateApi(api({ path: '/' + 'a'.repeat(512) })), 'path')).toBe('length');
  });
  it('allows {p+} only as the last segment and only in NORMAL mode', () => {
    expect(validateApi(api({ path: '/files/{p+}' }))).toEqual([]);
    expect(rule(validateApi(api({ path: '/files/{p+}/meta' })), 'path')).toBe('greedy-last');
    expect(rule(validateApi(api({ path: '/files/{p+}', matchMode: 'SWA' })), 'path')).toBe('greedy-normal-only');
  });
  it('keeps a trailing slash significant but rejects empty middle segments', () => {
    expect(validateApi(api({ path: '/test/' }))).toEqual([]);
    expect(rule(validateApi(api({ path: '/a//b' })), 'path')).toBe('empty-segment');
  });
  it('requires an authorizer for AUTHORIZER auth, and it must be a FRONTEND one', () => {
    expect(rule(validateApi(api({ authType: 'AUTHORIZER' })), 'authorizerId')).toBe('required');
    const authorizers: Pick<Authorizer, 'id' | 'name' | 'type'>[] = [{ id: 'b1', name: 'backAuth', type: 'BACKEND' }];
    const issues = validateApi(api({ authType: 'AUTHORIZER', authorizerId: 'b1' }), { authorizers });
    expect(issueAt(issues, 'authorizerId')).toMatchObject({ rule: 'authorizer-type', message: expect.stringContaining('backAuth is a BACKEND authorizer') });
  });
  it('requires a BACKEND authorizer on the backend', () => {
    const authorizers: Pick<Authorizer, 'id' | 'name' | 'type'>[] = [{ id: 'f1', name: 'frontAuth', type: 'FRONTEND' }];
    const issues = validateApi(api({ backend: { type: 'MOCK', authorizerId: 'f1' } }), { authorizers });
    expect(rule(issues, 'backend.authorizerId')).toBe('authorizer-type');
  });

  describe('request parameters', () => {
    const param = (over: Record<string, unknown>) => ({ ...pathParam, location: 'QUERY', required: false, ...over }) as never;
    it('rejects reserved prefixes and x-stage', () => {
      const issues = validateApi(api({ path: '/u', requestParams: [param({ name: 'x-apig-user' }), param({ name: 'X-Stage' })] }));
      expect(rule(issues, 'requestParams[0].name')).toBe('reserved-prefix');
      expect(rule(issues, 'requestParams[1].name')).toBe('reserved-name');
    });
    it('rejects _ in HEADER parameters but accepts Authorization, which APIG import examples declare', () => {
      const issues = validateApi(api({ path: '/u', requestParams: [param({ name: 'x_user', location: 'HEADER' }), param({ name: 'Authorization', location: 'HEADER' })] }));
      expect(rule(issues, 'requestParams[0].name')).toBe('header-underscore');
      expect(issues.some((i) => i.field === 'requestParams[1].name')).toBe(false);
    });
    it('rejects names longer than 32 characters', () => {
      expect(rule(validateApi(api({ path: '/u', requestParams: [param({ name: 'a'.repeat(33) })] })), 'requestParams[0].name')).toBe('length');
    });
    it('requires a PATH parameter to appear in the path and be required', () => {
      const issues = validateApi(api({ path: '/users/{id}', requestParams: [{ ...pathParam, required: false }, param({ name: 'other', location: 'PATH', required: true })] }));
      expect(rule(issues, 'requestParams[0].required')).toBe('path-required');
      expect(rule(issues, 'requestParams[1].name')).toBe('path-param-in-path');
    });
    it('allows at most 50 parameters', () => {
      const many = Array.from({ length: 51 }, (_, i) => param({ name: `q${i}` }));
      expect(rule(validateApi(api({ path: '/u', requestParams: many })), 'requestParams')).toBe('max-count');
    });
    it('rejects the same name twice in one location, ignoring case', () => {
      expect(rule(validateApi(api({ path: '/u', requestParams: [param({ name: 'Page' }), param({ name: 'page' })] })), 'requestParams[1].name')).toBe('unique');
    });
  });

  describe('backend', () => {
    it('checks HTTP timeout, retry count, address and path', () => {
      const issues = validateApi(api({ backend: httpBackend({ timeoutMs: 60_001, retryCount: 11, address: 'http://x.com', path: 'v1' }) }));
      expect(rule(issues, 'backend.timeoutMs')).toBe('range');
      expect(rule(issues, 'backend.retryCount')).toBe('range');
      expect(issueAt(issues, 'backend.address')).toMatchObject({ rule: 'no-scheme' });
      expect(rule(issues, 'backend.path')).toBe('leading-slash');
    });
    it('accepts #variables# in the backend address and path', () => {
      expect(validateApi(api({ backend: httpBackend({ address: '#host#:#port#', path: '/#prefix#/users' }) }))).toEqual([]);
    });
    it('rejects a malformed #variable#', () => {
      expect(rule(validateApi(api({ backend: httpBackend({ address: '#h#' }) })), 'backend.address')).toBe('variable-name');
    });
    it('checks MOCK status and body length', () => {
      const issues = validateApi(api({ backend: { type: 'MOCK', statusCode: 199, body: 'x'.repeat(2049) } }));
      expect(rule(issues, 'backend.statusCode')).toBe('range');
      expect(rule(issues, 'backend.body')).toBe('length');
    });
    it('checks the FUNCTION timeout', () => {
      expect(rule(validateApi(api({ backend: { type: 'FUNCTION', functionUrn: 'urn:fss:r:p:function:default:fn', timeoutMs: 0 } })), 'backend.timeoutMs')).toBe('range');
    });
    it('requires a PATH backend parameter to match a {var} of the backend path', () => {
      const backend = httpBackend({ path: '/v1/users/{uid}', params: [{ name: 'user', location: 'PATH', origin: 'CONSTANT', value: 'x' }] });
      expect(rule(validateApi(api({ backend })), 'backend.params[0].name')).toBe('path-param-in-path');
    });
    it('requires a REQUEST backend parameter to name a declared request parameter', () => {
      const backend = httpBackend({ params: [{ name: 'uid', location: 'QUERY', origin: 'REQUEST', value: 'id' }, { name: 'x', location: 'QUERY', origin: 'REQUEST', value: 'nope' }] });
      const issues = validateApi(api({ requestParams: [pathParam], backend }));
      expect(issues.map((i) => i.field)).toEqual(['backend.params[1].value']);
      expect(issues[0].rule).toBe('request-param-exists');
    });
    it('accepts known $context names and authorizer keys, rejects others', () => {
      const params = [
        { name: 'ip', location: 'HEADER', origin: 'SYSTEM', value: '$context.sourceIp' },
        { name: 'user', location: 'HEADER', origin: 'SYSTEM', value: '$context.authorizer.frontend.user-id' },
        { name: 'bad', location: 'HEADER', origin: 'SYSTEM', value: '$context.unknownThing' },
        { name: 'badkey', location: 'HEADER', origin: 'SYSTEM', value: '$context.authorizer.backend.1x' },
      ];
      const issues = validateApi(api({ backend: httpBackend({ params }) }));
      expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['backend.params[2].value:system-param', 'backend.params[3].value:system-param']);
    });
    it('rejects a backend parameter value over 255 characters', () => {
      const backend = httpBackend({ params: [{ name: 'c', location: 'QUERY', origin: 'CONSTANT', value: 'v'.repeat(256) }] });
      expect(rule(validateApi(api({ backend })), 'backend.params[0].value')).toBe('length');
    });
  });
});

describe('authorizer rules', () => {
  const auth = (over: Record<string, unknown> = {}) => withAuthorizerDefaults({ name: 'userAuth', type: 'FRONTEND', functionUrn: 'urn:fss:r:p:function:default:auth', ...over } as never);
  it('accepts a valid authorizer', () => {
    expect(validateAuthorizer(auth({ ttl: 60, identities: [{ name: 'Authorization', location: 'HEADER', validation: '^Bearer .+$' }] }))).toEqual([]);
  });
  it('checks ttl is an integer 0–3600 and user_data ≤ 2048', () => {
    expect(rule(validateAuthorizer(auth({ ttl: 3601 })), 'ttl')).toBe('range');
    expect(rule(validateAuthorizer(auth({ ttl: 1.5 })), 'ttl')).toBe('integer');
    expect(rule(validateAuthorizer(auth({ userData: 'u'.repeat(2049) })), 'userData')).toBe('length');
  });
  it('allows identities only for FRONTEND authorizers', () => {
    expect(rule(validateAuthorizer(auth({ type: 'BACKEND', identities: [{ name: 'token', location: 'HEADER' }] })), 'identities')).toBe('frontend-only');
  });
  it('requires identities when a FRONTEND authorizer caches (ttl > 0)', () => {
    expect(rule(validateAuthorizer(auth({ ttl: 30 })), 'identities')).toBe('required-with-cache');
  });
  it('says where an identity validation regex fails to compile', () => {
    const issues = validateAuthorizer(auth({ identities: [{ name: 'a', location: 'QUERY' }, { name: 'token', location: 'HEADER', validation: '([a-z' }] }));
    expect(issueAt(issues, 'identities[1].validation')).toMatchObject({ rule: 'regexp', message: expect.stringContaining('not a valid regular expression') });
  });
  it('refuses an identity validation the linear-time engine cannot run (look-ahead, back-reference) and says why', () => {
    const issues = validateAuthorizer(auth({ identities: [{ name: 'a', location: 'QUERY', validation: '^(?=Bearer).+$' }, { name: 'b', location: 'QUERY', validation: '^(a)\\1$' }] }));
    expect(issueAt(issues, 'identities[0].validation')).toMatchObject({ rule: 'regexp', message: expect.stringMatching(/linear-time engine.*`\(\?=`/) });
    expect(issueAt(issues, 'identities[1].validation')).toMatchObject({ rule: 'regexp', message: expect.stringContaining('invalid escape sequence: `\\1`') });
    // Nested quantifiers are fine: the engine runs them in linear time.
    expect(validateAuthorizer(auth({ identities: [{ name: 'a', location: 'QUERY', validation: '^(a+)+$' }] }))).toEqual([]);
  });
  it('checks identity names and the timeout', () => {
    const issues = validateAuthorizer(auth({ identities: [{ name: '-token', location: 'HEADER' }], timeoutMs: 60_001 }));
    expect(rule(issues, 'identities[0].name')).toBe('pattern');
    expect(rule(issues, 'timeoutMs')).toBe('range');
  });
});

describe('environment, variable, function and response set rules', () => {
  it('environment names are 3–64, letter first', () => {
    expect(validateEnvironment({ name: 'DEV', description: '' })).toEqual([]);
    expect(rule(validateEnvironment({ name: 'd-v', description: '' }), 'name')).toBe('pattern');
  });
  it('variable names are 3–32 and values use [A-Za-z0-9_-/.:]', () => {
    expect(validateVariable({ name: 'host-1', value: 'http://a.b:80/x' })).toEqual([]);
    expect(rule(validateVariable({ name: 'ab', value: 'x' }), 'name')).toBe('length');
    expect(rule(validateVariable({ name: 'host', value: 'a b' }), 'value')).toBe('pattern');
    expect(rule(validateVariable({ name: 'host', value: '' }), 'value')).toBe('required');
  });
  it('functions need module.function handlers and a known runtime', () => {
    const fn = (over: Record<string, unknown>) => withFunctionDefaults({ name: 'auth', runtime: 'nodejs', source: { kind: 'inline', code: '' }, ...over } as never);
    expect(validateFunction(fn({}))).toEqual([]);
    expect(rule(validateFunction(fn({ handler: 'handler' })), 'handler')).toBe('pattern');
    expect(rule(validateFunction(fn({ runtime: 'java' })), 'runtime')).toBe('enum');
    expect(rule(validateFunction(fn({ name: '9fn' })), 'name')).toBe('pattern');
  });
  it('response statuses are 200–599 but not 444, with at most 10 headers', () => {
    const headers = Array.from({ length: 11 }, (_, i) => ({ key: `h${i}`, value: 'v' }));
    const issues = validateResponseSet({
      name: 'custom',
      responses: { NOT_FOUND: { status: 444, body: '{}', headers: [] }, THROTTLED: { status: 429, body: '{}', headers }, MADE_UP: { status: 400, body: '', headers: [] } },
    });
    expect(rule(issues, 'responses.NOT_FOUND.status')).toBe('range');
    expect(rule(issues, 'responses.THROTTLED.headers')).toBe('max-count');
    expect(rule(issues, 'responses.MADE_UP')).toBe('enum');
  });
  it('only DEFAULT_4XX and DEFAULT_5XX may leave the status out (they keep the underlying status)', () => {
    const issues = validateResponseSet({
      name: 'custom',
      responses: { DEFAULT_4XX: { body: '{}', headers: [] }, NOT_FOUND: { body: '{}', headers: [] } },
    });
    expect(issues.map((i) => i.field)).toEqual(['responses.NOT_FOUND.status']);
  });
});

// Keeps the Api import honest: validateApi takes the defaulted shape the store stores.
const _typecheck: Omit<Api, 'id' | 'createdAt' | 'updatedAt'> = api();
void _typecheck;

describe('app credential rules (CreateAnAppV2, current V2 reference)', () => {
  const app = (appKey: string, appSecret: string) => validateApp({ name: 'mobile_app', description: '', appKey, appSecret });
  it('AppKeys are 8–200 characters and AppSecrets 8–128', () => {
    expect(app('k'.repeat(200), 's'.repeat(128))).toEqual([]);
    expect(app('k'.repeat(201), 's'.repeat(128)).map((i) => `${i.field} ${i.rule}`)).toEqual(['appKey length']);
    expect(app('k'.repeat(200), 's'.repeat(129)).map((i) => `${i.field} ${i.rule}`)).toEqual(['appSecret length']);
    expect(app('k'.repeat(7), 's'.repeat(8)).map((i) => `${i.field} ${i.rule}`)).toEqual(['appKey length']);
  });
});
