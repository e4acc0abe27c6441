/**
 * The workspace a one-target benchmark or profile serves: one API, GET /p, calling the bench
 * backend, with no auth or behind a JS custom authorizer (uncached or cached).
 */
import type { WorkspaceStore } from '../../src-main/store/workspace-store';

export const JS_ALLOW = `exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ status: 'allow', context: { user: String(event.headers['x-user'] || 'anon') } }) });`;
export const PY_ALLOW = `import json
def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"status": "allow", "context": {"user": event["headers"].get("x-user", "anon")}})}
`;

export const TARGETS = ['noauth', 'js', 'jscached'] as const;
export type Target = (typeof TARGETS)[number];

/** A target named on a command line, or an error that names the ones there are. */
export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t === name);
  if (!target) throw new Error(`no target "${name}": one of ${TARGETS.join(', ')}`);
  return target;
}

/** Publishes the target's API in RELEASE; returns its path. Requests send `x-user` as the identity. */
export function publishTarget(store: WorkspaceStore, target: Target, backendPort: number): string {
  const group = store.groups.create({ name: 'bench_group' });
  const release = store.environments.getByName('RELEASE')!.id;
  store.functions.create({ name: 'js_allow', runtime: 'nodejs', source: { kind: 'inline', code: JS_ALLOW } });
  const identities = [{ name: 'x-user', location: 'HEADER' as const }];
  const ttl = target === 'jscached' ? { ttl: 300 } : {};
  const auth = store.authorizers.create({ name: 'js_auth', type: 'FRONTEND', functionUrn: 'js_allow', identities, ...ttl });
  const api = store.apis.create({
    groupId: group.id, name: 'api', method: 'GET', path: '/p', backend: { type: 'HTTP', address: `127.0.0.1:${backendPort}`, path: '/' },
    ...(target === 'noauth' ? {} : { authType: 'AUTHORIZER' as const, authorizerId: auth.id }),
  });
  store.publications.publish(api.id, release);
  return '/p';
}
