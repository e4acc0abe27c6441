/**
 * A real workspace file, a real gateway on a loopback port and a real echo backend, for the
 * gateway's behaviour tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { Workbench } from '../../src-main/app/workbench';
import { startEchoBackend, type EchoBackend, type EchoedRequest } from '../../src-main/sample/echo-backend';
import type { ApiInput, AuthorizerInput, FunctionInput } from '../../src-shared/rules/inputs';
import type { Api, ApiGroup, Authorizer, LocalFunction } from '../../src-shared/model';
import type { GatewayOptions } from '../../src-main/gateway/local-gateway';
import type { FunctionHostOptions } from '../../src-main/functions/function-host';

export interface Fixture {
  workbench: Workbench;
  echo: EchoBackend;
  group: ApiGroup;
  gatewayUrl: string;
  dir: string;
  fn(input: Partial<FunctionInput> & { name: string; code: string; runtime?: 'nodejs' | 'python' }): LocalFunction;
  authorizer(input: Partial<AuthorizerInput> & { name: string; functionName: string }): Authorizer;
  api(input: Partial<ApiInput> & Pick<ApiInput, 'name' | 'path'>, publishTo?: string[]): Api;
  /** The echo backend, with the frontend authorizer's context key `contextKey` mapped to header `header`. */
  echoWithContextHeader(header: string, contextKey: string): NonNullable<ApiInput['backend']>;
  send(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Sent>;
  close(): Promise<void>;
}

export interface Sent {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: () => any;
  echoed: () => EchoedRequest;
  requestId: string;
}

export async function createFixture(options: GatewayOptions = {}, functions?: FunctionHostOptions): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'apigw-gw-'));
  const workbench = await Workbench.open({ dbFile: join(dir, 'ws.db'), gateway: { port: 0, ...options }, logger: options.logger, functions });
  const { url } = await workbench.gateway.start();
  const echo = await startEchoBackend();
  const store = workbench.store;
  const group = store.groups.create({ name: 'demo_group' });
  const release = store.environments.getByName('RELEASE')!;

  const fixture: Fixture = {
    workbench,
    echo,
    group,
    gatewayUrl: url,
    dir,
    fn: ({ name, code, runtime = 'nodejs', ...rest }) =>
      store.functions.create({ name, runtime, source: { kind: 'inline', code }, timeoutMs: 2000, ...rest }),
    authorizer: ({ functionName, ...rest }) =>
      store.authorizers.create({ type: 'FRONTEND', functionUrn: `urn:fss:local:project:function:default:${functionName}:latest`, ...rest }),
    api: (input, publishTo = ['RELEASE']) => {
      const api = store.apis.create({
        groupId: group.id,
        method: 'GET',
        backend: { type: 'HTTP', address: echo.url.replace('http://', ''), path: '/echo' },
        ...input,
      } as ApiInput);
      for (const env of publishTo) store.publications.publish(api.id, env === 'RELEASE' ? release.id : store.environments.getByName(env)!.id);
      return api;
    },
    echoWithContextHeader: (header, contextKey) => ({
      type: 'HTTP',
      address: echo.url.replace('http://', ''),
      path: '/echo',
      params: [{ name: header, location: 'HEADER', origin: 'SYSTEM', value: `$context.authorizer.frontend.${contextKey}` }],
    }),
    send: async (path, init = {}) => {
      const res = await request(url + path, { method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body });
      const text = await res.body.text();
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      return {
        status: res.statusCode,
        headers,
        text,
        json: () => JSON.parse(text),
        echoed: () => JSON.parse(text) as EchoedRequest,
        requestId: headers['x-request-id'],
      };
    },
    close: async () => {
      await workbench.close();
      await echo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export const ALLOW_WHEN_HEADER_TEST_IS_ABC_PY = `
import json

def handler(event, context):
    if event["headers"].get("test") == "abc":
        resp = {"statusCode": 200, "body": json.dumps({"status": "allow", "context": {"user": "abcd"}})}
    else:
        resp = {"statusCode": 200, "body": json.dumps({"status": "deny"})}
    return json.dumps(resp)
`;
