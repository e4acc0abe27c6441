/**
 * `deploy` end to end against the stand-in cloud (test/cloud/stand-in.ts): a real SQLite workspace,
 * the real CLI, real signed HTTP requests on 127.0.0.1. The workspace carries the APIG guide's
 * three custom authorizers: the header-`test` frontend authorizer, a frontend authorizer reading
 * user_data, and a backend authorizer in front of a FUNCTION backend.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli as run } from '../cli/run-cli';
import { WorkspaceStore } from '../../src-main/store/workspace-store';
import type { DeployReport } from '../../src-shared/deploy';
import { ALLOW_WHEN_HEADER_TEST_IS_ABC_PY } from '../gateway/fixture';
import { tempDir } from '../definitions/helpers';
import { CloudStandIn } from './stand-in';

const AK = 'HPUAEXAMPLEAK0000001';
const SK = 'exampleSecretKey0123456789abcdefghijklmn';
const PROJECT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const INSTANCE = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const BOUND_URN = `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:3`;
const local = (name: string) => `urn:fss:local:project:function:default:${name}`;

const USER_DATA_AUTH_JS = `exports.handler = async (event, context) => {
  const ok = event.headers.authorization === context.getUserData('token');
  return { statusCode: 200, body: JSON.stringify({ status: ok ? 'allow' : 'deny', context: { user: 'ud' } }) };
};`;
const BACKEND_AUTH_JS = `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { backend: 'yes' } }) });`;
const HELLO_JS = `exports.handler = async () => ({ statusCode: 200, body: 'hello' });`;

function buildWorkspace(file: string): void {
  const store = WorkspaceStore.open(file);
  try {
    const group = store.groups.create({ name: 'guide_group', description: 'the APIG guide authorizers', isDefault: true });
    const release = store.environments.getByName('RELEASE')!;
    store.variables.set(group.id, release.id, 'backend_host', 'backend.example.com');
    store.functions.create({ name: 'guide_auth', runtime: 'python', source: { kind: 'inline', code: ALLOW_WHEN_HEADER_TEST_IS_ABC_PY } });
    store.functions.create({ name: 'user_data_auth', runtime: 'nodejs', source: { kind: 'inline', code: USER_DATA_AUTH_JS } });
    store.functions.create({ name: 'backend_auth', runtime: 'nodejs', source: { kind: 'inline', code: BACKEND_AUTH_JS } });
    store.functions.create({ name: 'hello_fn', runtime: 'nodejs', source: { kind: 'inline', code: HELLO_JS } });
    const guide = store.authorizers.create({ name: 'guide_authorizer', type: 'FRONTEND', functionUrn: local('guide_auth'), identities: [{ name: 'test', location: 'HEADER' }] });
    const userData = store.authorizers.create({
      name: 'user_data_authorizer',
      type: 'FRONTEND',
      functionUrn: local('user_data_auth'),
      identities: [{ name: 'Authorization', location: 'HEADER' }],
      ttl: 60,
      userData: '{"token":"Bearer s3cret"}',
    });
    const backend = store.authorizers.create({ name: 'backend_authorizer', type: 'BACKEND', functionUrn: local('backend_auth') });
    const apis = [
      store.apis.create({ groupId: group.id, name: 'guide_api', method: 'GET', path: '/guide', authType: 'AUTHORIZER', authorizerId: guide.id, backend: { type: 'HTTP', address: '#backend_host#', path: '/guide' } }),
      store.apis.create({ groupId: group.id, name: 'user_data_api', method: 'GET', path: '/user-data', authType: 'AUTHORIZER', authorizerId: userData.id, backend: { type: 'MOCK', statusCode: 200, body: 'ok', headers: [] } }),
      store.apis.create({ groupId: group.id, name: 'hello_api', method: 'POST', path: '/hello', backend: { type: 'FUNCTION', functionUrn: local('hello_fn'), authorizerId: backend.id } }),
    ];
    for (const api of apis) store.publications.publish(api.id, release.id, 'local');
  } finally {
    store.close();
  }
}

describe('apig-workbench deploy against the stand-in APIG and FunctionGraph', () => {
  let cloud: CloudStandIn;
  let db: string;

  beforeEach(async () => {
    cloud = new CloudStandIn({ [AK]: SK }, PROJECT, INSTANCE);
    await cloud.start();
    // The function the tests bind guide_auth to: deployed outside the workbench, version 3.
    cloud.seedFunction('guide_auth', 'Python3.9', 3);
    db = path.join(tempDir(), 'w.db');
    buildWorkspace(db);
    vi.stubEnv('HUAWEICLOUD_SDK_AK', AK);
    vi.stubEnv('HUAWEICLOUD_SDK_SK', SK);
    vi.stubEnv('HUAWEICLOUD_SDK_SECURITY_TOKEN', '');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await cloud.close();
  });

  const deploy = async (...extra: string[]) => {
    const r = await run('deploy', '--db', db, '--group', 'guide_group', '--env', 'RELEASE', '--project-id', PROJECT, '--instance-id', INSTANCE, '--endpoint', cloud.origin, '--functiongraph-endpoint', cloud.origin, '--json', ...extra);
    return { ...r, report: (r.out ? JSON.parse(r.out) : undefined) as DeployReport };
  };
  const bindGuide = () => run('function', 'bind', 'guide_auth', '--db', db, '--env', 'RELEASE', '--urn', BOUND_URN);

  it('first deploy creates everything with bound and uploaded URNs and user data, publishes, and a second deploy changes nothing', async () => {
    expect((await bindGuide()).code).toBe(0);
    const first = await deploy('--yes');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.report.outcome).toBe('applied');
    expect(first.report.drift).toEqual([]);
    expect(first.report.steps.filter((s) => s.action === 'create' || s.action === 'update').every((s) => s.status === 'done')).toBe(true);
    expect(first.report.steps.filter((s) => s.action === 'unchanged').map((s) => s.status)).toEqual(['planned', 'planned']);

    const s = cloud.state;
    expect(s.groups.map((g) => g.name)).toEqual(['guide_group']);
    expect(s.variables.map((v) => [v.variable_name, v.variable_value])).toEqual([['backend_host', 'backend.example.com']]);
    // Unbound functions were uploaded and a version published; the bound one was not touched.
    expect(s.functions.map((f) => [f.func_name, f.versions.length]).sort()).toEqual([['backend_auth', 1], ['guide_auth', 3], ['hello_fn', 1], ['user_data_auth', 1]]);
    expect(s.functions.find((f) => f.func_name === 'hello_fn')!.files).toEqual({ 'index.js': HELLO_JS });
    expect(s.functions.find((f) => f.func_name === 'hello_fn')!.handler).toBe('index.handler');
    const byName = Object.fromEntries(s.authorizers.map((a) => [a.name, a]));
    expect(byName.guide_authorizer.authorizer_uri).toBe(`urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth`);
    expect(byName.guide_authorizer.authorizer_version).toBe('3');
    expect(byName.user_data_authorizer.user_data).toBe('{"token":"Bearer s3cret"}');
    expect(byName.user_data_authorizer.authorizer_uri).toBe(`urn:fss:cn-north-4:${PROJECT}:function:default:user_data_auth`);
    expect(byName.user_data_authorizer.authorizer_version).toBe('1');
    expect(byName.backend_authorizer.type).toBe('BACKEND');
    const release = s.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!;
    expect(release.size).toBe(3);
    const hello = s.apis.find((a) => a.path === '/hello')!;
    expect(release.get(hello.id)!['x-apigateway-backend'].functionEndpoints).toMatchObject({ 'function-urn': `urn:fss:cn-north-4:${PROJECT}:function:default:hello_fn`, version: '1' });

    const before = cloud.mutations().length;
    const second = await deploy('--yes');
    expect(second.code).toBe(0);
    expect(second.report.outcome).toBe('unchanged');
    expect(second.report.steps.filter((st) => st.action === 'create' || st.action === 'update')).toEqual([]);
    expect(cloud.mutations().length).toBe(before);
  });

  it('--plan lists what would change and sends nothing that changes the cloud', async () => {
    await bindGuide();
    const plan = await deploy('--plan');
    expect(plan.code).toBe(0);
    expect(plan.report.outcome).toBe('planned');
    const actions = plan.report.steps.map((st) => `${st.kind} ${st.name} ${st.action}`);
    expect(actions).toEqual(
      expect.arrayContaining(['group guide_group create', 'environment RELEASE unchanged', 'variable backend_host create', 'function guide_auth unchanged', 'function hello_fn create', 'api GET /guide create', 'authorizer user_data_authorizer create', 'publish RELEASE update']),
    );
    expect(cloud.mutations()).toEqual([]);
  });

  it('a local change is planned as an update, applied with one import and one publish, then nothing', async () => {
    await bindGuide();
    await deploy('--yes');
    const store = WorkspaceStore.open(db);
    try {
      const api = store.apis.list().find((a) => a.name === 'user_data_api')!;
      store.apis.update(api.id, { backend: { ...api.backend, type: 'MOCK', statusCode: 200, body: 'changed', headers: [] } as never });
      store.publications.publish(api.id, store.environments.getByName('RELEASE')!.id, 'change');
    } finally {
      store.close();
    }
    const changed = await deploy('--yes');
    expect(changed.code).toBe(0);
    expect(changed.report.steps.filter((st) => st.action === 'update').map((st) => `${st.kind} ${st.name}`)).toEqual(['api GET /user-data', 'publish RELEASE']);
    expect(changed.report.steps.find((st) => st.name === 'GET /user-data')!.detail).toBe('differs in x-apigateway-backend');
    expect(changed.report.drift).toEqual([]);
    const api = cloud.state.apis.find((a) => a.path === '/user-data')!;
    expect(cloud.state.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!.get(api.id)!['x-apigateway-backend'].mockEndpoints['result-content']).toBe('changed');
    expect((await deploy('--yes')).report.outcome).toBe('unchanged');
  });

  it('a changed function is uploaded again and published as a new version that the definition then uses', async () => {
    await bindGuide();
    await deploy('--yes');
    const store = WorkspaceStore.open(db);
    try {
      const fn = store.functions.getByName('hello_fn')!;
      store.functions.update(fn.id, { source: { kind: 'inline', code: HELLO_JS.replace('hello', 'hello again') } });
    } finally {
      store.close();
    }
    const r = await deploy('--yes');
    expect(r.report.outcome).toBe('applied');
    expect(r.report.steps.find((st) => st.kind === 'function' && st.name === 'hello_fn')!.detail).toBe(`published urn:fss:cn-north-4:${PROJECT}:function:default:hello_fn:2`);
    const hello = cloud.state.apis.find((a) => a.path === '/hello')!;
    expect(cloud.state.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!.get(hello.id)!['x-apigateway-backend'].functionEndpoints.version).toBe('2');
    expect((await deploy('--yes')).report.outcome).toBe('unchanged');
  });

  it('drift made on the cloud side shows in the plan and the next deploy puts the workspace back', async () => {
    await bindGuide();
    await deploy('--yes');
    const guide = cloud.state.apis.find((a) => a.path === '/guide')!;
    cloud.state.published.get('DEFAULT_ENVIRONMENT_RELEASE_ID')!.get(guide.id)!['x-apigateway-backend'].httpEndpoints.path = '/edited-in-console';
    cloud.state.authorizers.find((a) => a.name === 'user_data_authorizer')!.user_data = 'edited';
    cloud.state.variables[0].variable_value = 'other.example.com';
    const plan = await deploy('--plan');
    expect(plan.report.steps.filter((st) => st.action === 'update').map((st) => `${st.kind} ${st.name}: ${st.detail}`)).toEqual([
      'variable backend_host: value differs on the cloud',
      'api GET /guide: differs in x-apigateway-backend',
      'authorizer user_data_authorizer: differs in user_data',
      'publish RELEASE: import the definition and publish 3 API(s)',
    ]);
    const fixed = await deploy('--yes');
    expect(fixed.report.outcome).toBe('applied');
    expect(fixed.report.drift).toEqual([]);
    expect(cloud.state.authorizers.find((a) => a.name === 'user_data_authorizer')!.user_data).toBe('{"token":"Bearer s3cret"}');
    expect(cloud.state.variables[0].variable_value).toBe('backend.example.com');
    expect((await deploy('--yes')).report.outcome).toBe('unchanged');
  });

  it('a refusal midway stops with exit 1 and says what was done and what was not', async () => {
    await bindGuide();
    cloud.refuse = { method: 'POST', pathEndsWith: '/apis/publish', status: 400, code: 'APIG.3471', message: 'The API is not allowed to be published' };
    const r = await deploy('--yes');
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('failed');
    expect(r.report.error).toBe('BatchPublishOrOfflineApiV2: HTTP 400 APIG.3471 The API is not allowed to be published');
    const status = Object.fromEntries(r.report.steps.map((st) => [`${st.kind} ${st.name}`, st.status]));
    expect(status['group guide_group']).toBe('done');
    expect(status['environment RELEASE']).toBe('planned');
    expect(status['function hello_fn']).toBe('done');
    expect(status['api GET /guide']).toBe('done');
    expect(status['authorizer user_data_authorizer']).toBe('done');
    expect(status['publish RELEASE']).toBe('failed');
    expect(cloud.state.published.size).toBe(0);
    // Once the cloud accepts, the same command finishes the job: only the publication is left.
    cloud.refuse = undefined;
    const again = await deploy('--yes');
    expect(again.report.outcome).toBe('applied');
    expect(again.report.steps.filter((st) => st.action === 'create' || st.action === 'update').map((st) => st.kind)).toEqual(['api', 'api', 'api', 'publish']);
  });

  it('a function whose code is a folder is uploaded as a ZIP of the folder, with its handler module at the root', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'hello', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'hello', 'main.js'), "exports.run = async () => ({ statusCode: 200, body: require('./lib/text') });\n");
    fs.writeFileSync(path.join(dir, 'hello', 'lib', 'text.js'), "module.exports = 'from a folder';\n");
    const store = WorkspaceStore.open(db);
    try {
      const fn = store.functions.getByName('hello_fn')!;
      store.functions.update(fn.id, { handler: 'main.run', source: { kind: 'path', path: path.join(dir, 'hello') } });
    } finally {
      store.close();
    }
    await bindGuide();
    expect((await deploy('--yes')).report.outcome).toBe('applied');
    const hello = cloud.state.functions.find((f) => f.func_name === 'hello_fn')!;
    expect(hello.handler).toBe('main.run');
    expect(hello.files).toEqual({ 'main.js': "exports.run = async () => ({ statusCode: 200, body: require('./lib/text') });\n", 'lib/text.js': "module.exports = 'from a folder';\n" });
    expect((await deploy('--yes')).report.outcome).toBe('unchanged');
  });

  it('an import that refuses one API marks that API failed, publishes nothing, and says so', async () => {
    await bindGuide();
    expect((await run('function', 'bind', 'hello_fn', '--db', db, '--env', 'RELEASE', '--urn', `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:9`)).code).toBe(0);
    const r = await deploy('--yes');
    expect(r.code).toBe(1);
    expect(r.report.error).toBe(
      `ImportApiDefinitionsV2 refused 1 API(s), first POST /hello: APIG.2012 Invalid parameter value,parameterName:function_urn. The function version does not exist: urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:9; nothing was published`,
    );
    const status = Object.fromEntries(r.report.steps.map((st) => [`${st.kind} ${st.name}`, st.status]));
    expect(status).toMatchObject({ 'api POST /hello': 'failed', 'api GET /guide': 'done', 'api GET /user-data': 'done', 'publish RELEASE': 'not done' });
    expect(cloud.state.published.size).toBe(0);
  });

  it('temporary keys: HUAWEICLOUD_SDK_SECURITY_TOKEN travels signed in X-Security-Token', async () => {
    cloud.securityToken = 'temporary-token-abc';
    const without = await deploy('--plan');
    expect(without.code).toBe(1);
    expect(without.report.error).toContain('the security token of the temporary keys is missing or wrong');
    vi.stubEnv('HUAWEICLOUD_SDK_SECURITY_TOKEN', 'temporary-token-abc');
    await bindGuide();
    const r = await deploy('--yes');
    expect(r.report.outcome).toBe('applied');
    expect(r.out).not.toContain('temporary-token-abc');
  });

  it('wrong keys: exit 1 with the cloud\'s authentication error, nothing changed', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_SK', 'not-the-secret');
    const r = await deploy('--yes');
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('failed');
    expect(r.report.error).toBe('ListApiGroupsV2: HTTP 401 APIG.0301 Incorrect IAM authentication information: verify aksk signature fail');
    expect(cloud.mutations()).toEqual([]);
    expect(r.out).not.toContain('not-the-secret');
  });

  it('off a terminal, applying needs --yes: the plan is printed, nothing is changed, exit 2', async () => {
    const r = await run('deploy', '--db', db, '--group', 'guide_group', '--env', 'RELEASE', '--project-id', PROJECT, '--instance-id', INSTANCE, '--endpoint', cloud.origin, '--functiongraph-endpoint', cloud.origin);
    expect(r.code).toBe(2);
    expect(r.out).toContain('+ group       guide_group  create (not on the instance)');
    expect(r.err).toContain('not a terminal: pass --yes to apply the plan, or --plan to only show it');
    expect(cloud.mutations()).toEqual([]);
  });

  it('no keys, an unknown region or a missing flag are usage errors (exit 2)', async () => {
    vi.stubEnv('HUAWEICLOUD_SDK_AK', '');
    expect((await deploy('--yes')).err).toContain('no cloud keys: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
    expect((await deploy('--yes')).code).toBe(2);
    vi.stubEnv('HUAWEICLOUD_SDK_AK', AK);
    const region = await run('deploy', '--db', db, '--group', 'guide_group', '--env', 'RELEASE', '--project-id', PROJECT, '--instance-id', INSTANCE, '--region', 'xx-nowhere-9');
    expect(region.code).toBe(2);
    expect(region.err).toContain("unknown region 'xx-nowhere-9'");
    expect((await run('deploy', '--db', db, '--group', 'guide_group', '--env', 'RELEASE', '--instance-id', INSTANCE, '--region', 'cn-north-4')).code).toBe(2);
    expect((await run('deploy', '--db', db, '--group', 'nope', '--env', 'RELEASE', '--project-id', PROJECT, '--instance-id', INSTANCE, '--endpoint', cloud.origin, '--functiongraph-endpoint', cloud.origin)).code).toBe(2);
  });

  it('a reference to a function that is neither local nor bound is refused before anything is sent', async () => {
    const store = WorkspaceStore.open(db);
    try {
      const a = store.authorizers.list().find((x) => x.name === 'guide_authorizer')!;
      store.authorizers.update(a.id, { functionUrn: local('gone_fn') });
    } finally {
      store.close();
    }
    const r = await deploy('--yes');
    expect(r.code).toBe(1);
    expect(r.report.outcome).toBe('refused');
    expect(r.report.problems.join('\n')).toContain("authorizer guide_authorizer: function 'gone_fn' has no binding in environment RELEASE");
    expect(cloud.mutations()).toEqual([]);
  });
});

describe('apig-workbench function bind / unbind / list, and exports for an environment', () => {
  it('binds per environment, writes the bound URN into the export, and flags what stays a placeholder', async () => {
    const db = path.join(tempDir(), 'w.db');
    buildWorkspace(db);
    expect((await run('function', 'bind', 'guide_auth', '--db', db, '--env', 'RELEASE', '--urn', `urn:fss:local:project:function:default:guide_auth:1`)).err).toContain('local placeholder');
    expect((await run('function', 'bind', 'guide_auth', '--db', db, '--env', 'RELEASE', '--urn', `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth`)).err).toContain('names no version or alias');
    expect((await run('function', 'bind', 'nope', '--db', db, '--env', 'RELEASE', '--urn', BOUND_URN)).err).toContain("function 'nope' does not exist");
    expect((await run('function', 'bind', 'guide_auth', '--db', db, '--urn', BOUND_URN)).code).toBe(2);
    const bound = await run('function', 'bind', 'guide_auth', '--db', db, '--env', 'RELEASE', '--urn', `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:!prod`);
    expect(bound.out).toBe(`bound guide_auth in RELEASE to urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:!prod`);
    const list = await run('function', 'list', '--db', db, '--json');
    expect(JSON.parse(list.out)).toContainEqual({ function: 'guide_auth', env: 'RELEASE', urn: `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:!prod` });
    expect(JSON.parse(list.out)).toContainEqual({ function: 'hello_fn', env: 'RELEASE', urn: null });

    const out = path.join(tempDir(), 'g.json');
    const exp = await run('export', '--db', db, '--group', 'guide_group', '--define', 'all', '--version', 'v1', '-o', out);
    expect(exp.code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(doc.securityDefinitions.guide_authorizer['x-apigateway-authorizer']).toMatchObject({
      authorizer_uri: `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth`,
      authorizer_alias_uri: `urn:fss:cn-north-4:${PROJECT}:function:default:guide_auth:!prod`,
      authorizer_version: '',
    });
    expect(exp.err).toMatch(/g\.json:\d+:\d+: error: API hello_api: function 'hello_fn' has no binding in environment RELEASE/);
    expect(exp.err).toMatch(/error: authorizer user_data_authorizer: function 'user_data_auth' has no binding/);
    expect(exp.err).not.toMatch(/guide_authorizer: function/);

    expect((await run('function', 'unbind', 'guide_auth', '--db', db, '--env', 'RELEASE')).out).toBe('unbound guide_auth in RELEASE');
    expect((await run('function', 'unbind', 'guide_auth', '--db', db, '--env', 'RELEASE')).code).toBe(1);
  });

  it('a #var# the target environment does not define is an export error for deployable scopes', async () => {
    const db = path.join(tempDir(), 'w.db');
    buildWorkspace(db);
    const store = WorkspaceStore.open(db);
    try {
      const group = store.groups.getByName('guide_group')!;
      const release = store.environments.getByName('RELEASE')!;
      const v = store.variables.list({ groupId: group.id, envId: release.id })[0];
      store.variables.remove(v.id);
    } finally {
      store.close();
    }
    const exp = await run('export', '--db', db, '--group', 'guide_group', '--define', 'proxy');
    expect(exp.err).toMatch(/error: API guide_api: #backend_host# is not defined in environment RELEASE/);
    const spec = await run('export', '--db', db, '--group', 'guide_group', '--define', 'spec');
    expect(spec.err).not.toMatch(/backend_host/);
  });
});
