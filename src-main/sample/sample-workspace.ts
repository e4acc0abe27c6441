/**
 * The sample workspace a newcomer opens first: one group with a handful of APIs showing a
 * Node.js and a Python frontend authorizer, context mapped to backend headers, a MOCK backend,
 * an HTTP backend answered by the built-in echo backend, a FUNCTION backend, and two
 * environments with variables. Function code comes from resources/sample/functions.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WorkspaceStore } from '../store/workspace-store';
import { runtimesDir } from '../functions/runtimes-dir';
import { ECHO_HOST_VARIABLE } from '../../src-shared/echo-backend';

/** Settings key: when set, the workbench starts the echo backend and points #echo_host# at it. */
export const ECHO_BACKEND_SETTING = 'sample.echoBackend';
export { ECHO_HOST_VARIABLE } from '../../src-shared/echo-backend';
export const SAMPLE_GROUP = 'sample_shop';

export function sampleResourcesDir(): string {
  return join(dirname(runtimesDir()), 'sample');
}

function code(file: string): string {
  return readFileSync(join(sampleResourcesDir(), 'functions', file), 'utf8');
}

const urn = (name: string) => `urn:fss:cn-north-4:0123456789abcdef:function:default:${name}:latest`;

/** Fills an empty workspace with the sample. Refuses a workspace that already has groups. */
export function createSampleWorkspace(store: WorkspaceStore): void {
  if (store.groups.list().length > 0) throw new Error('the sample goes into an empty workspace; this one already has API groups');
  store.transaction(() => {
    const group = store.groups.create({
      name: SAMPLE_GROUP,
      description: 'Sample group: custom authorizers in Node.js and Python, HTTP, MOCK and FUNCTION backends',
      isDefault: true,
    });
    const release = store.environments.getByName('RELEASE')!;
    const dev = store.environments.create({ name: 'DEV', description: 'Development environment' });
    for (const env of [release, dev]) store.variables.set(group.id, env.id, ECHO_HOST_VARIABLE, '127.0.0.1:18081');
    store.variables.set(group.id, release.id, 'api_version', 'v1');
    store.variables.set(group.id, dev.id, 'api_version', 'v2-beta');

    store.functions.create({ name: 'node_auth', runtime: 'nodejs', source: { kind: 'inline', code: code('node_auth.js') }, description: 'Bearer token authorizer' });
    store.functions.create({ name: 'python_auth', runtime: 'python', source: { kind: 'inline', code: code('python_auth.py') }, description: "APIG user guide's example authorizer" });
    store.functions.create({ name: 'hello_fn', runtime: 'nodejs', source: { kind: 'inline', code: code('hello_fn.js') }, description: 'FUNCTION backend' });

    const nodeAuthorizer = store.authorizers.create({
      name: 'node_authorizer',
      type: 'FRONTEND',
      functionUrn: urn('node_auth'),
      identities: [{ name: 'Authorization', location: 'HEADER', validation: '^Bearer .+$' }],
      ttl: 60,
      userData: 'sample-user-data',
    });
    const pythonAuthorizer = store.authorizers.create({
      name: 'python_authorizer',
      type: 'FRONTEND',
      functionUrn: urn('python_auth'),
      identities: [{ name: 'test', location: 'HEADER' }],
    });

    const echo = (path: string, params: { name: string; value: string }[] = []) => ({
      type: 'HTTP' as const,
      address: `#${ECHO_HOST_VARIABLE}#`,
      path,
      params: params.map((p) => ({ name: p.name, location: 'HEADER' as const, origin: 'SYSTEM' as const, value: p.value })),
    });
    const apis = [
      store.apis.create({
        groupId: group.id,
        name: 'get_profile',
        description: 'Node.js authorizer: try Authorization: Bearer alice-token (allow) or Bearer wrong (deny)',
        method: 'GET',
        path: '/profile',
        authType: 'AUTHORIZER',
        authorizerId: nodeAuthorizer.id,
        backend: echo('/#api_version#/profile', [
          { name: 'x-user-name', value: '$context.authorizer.frontend.user' },
          { name: 'x-user-role', value: '$context.authorizer.frontend.role' },
          { name: 'x-request-id', value: '$context.requestId' },
        ]),
      }),
      store.apis.create({
        groupId: group.id,
        name: 'guide_example',
        description: "APIG user guide's example: header test: abc → backend header test: abcd",
        method: 'GET',
        path: '/guide',
        authType: 'AUTHORIZER',
        authorizerId: pythonAuthorizer.id,
        backend: echo('/guide', [{ name: 'test', value: '$context.authorizer.frontend.user' }]),
      }),
      store.apis.create({
        groupId: group.id,
        name: 'service_status',
        description: 'MOCK backend, no authentication',
        method: 'GET',
        path: '/status',
        backend: { type: 'MOCK', statusCode: 200, body: '{"status":"ok"}', headers: [{ key: 'Content-Type', value: 'application/json' }] },
      }),
      store.apis.create({
        groupId: group.id,
        name: 'say_hello',
        description: 'FUNCTION backend: POST a body, add ?name=you',
        method: 'POST',
        path: '/hello',
        backend: { type: 'FUNCTION', functionUrn: urn('hello_fn') },
      }),
      store.apis.create({
        groupId: group.id,
        name: 'files_prefix',
        description: 'Prefix (SWA) match: /files/a/b reaches the backend as /storage/a/b',
        method: 'ANY',
        path: '/files/',
        matchMode: 'SWA',
        backend: { ...echo('/storage/'), method: 'ANY' },
      }),
    ];
    for (const api of apis) store.publications.publish(api.id, release.id, 'sample');
    for (const api of apis.slice(0, 3)) store.publications.publish(api.id, dev.id, 'sample');

    const defaults = store.responseSets.list(group.id).find((s) => s.isDefault)!;
    store.responseSets.update(defaults.id, {
      responses: {
        AUTHORIZER_FAILURE: {
          status: 401,
          body: '{"error_code":"$context.authorizer.frontend.code","error_msg":"Access denied by the custom authorizer","request_id":"$context.requestId"}',
          headers: [],
        },
      },
    });
    store.settings.set(ECHO_BACKEND_SETTING, 'on');
  });
}
