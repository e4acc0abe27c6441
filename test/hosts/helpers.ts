/** A real session (SQLite file, gateway on a loopback port) behind a real browser host, for host tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { WorkbenchSession } from '../../src-main/app/session';
import { createContractHandlers } from '../../src-main/app/contract-handlers';
import { BrowserHost } from '../../src-main/hosts/browser/server';
import { createHttpCall, createWorkbenchClient, TOKEN_HEADER, type WorkbenchApi } from '../../src-shared/contract';

export interface HostFixture {
  dir: string;
  session: WorkbenchSession;
  host: BrowserHost;
  /** The typed client, over real HTTP with the right token. */
  client: WorkbenchApi;
  /** Raw POST /api/<method>. */
  post(method: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  close(): Promise<void>;
}

export async function startHostFixture(opts: { staticDir?: string } = {}): Promise<HostFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-hosts-'));
  const session = await WorkbenchSession.open(path.join(dir, 'ws.db'), { home: path.join(dir, 'home'), host: 'browser', gatewayPort: 0 });
  const host = await BrowserHost.start({
    api: createContractHandlers(session),
    subscribe: (listener) => session.onEvent(listener),
    staticDir: opts.staticDir,
  });
  const client = createWorkbenchClient(createHttpCall({ fetch: fetch as never, token: host.token, baseUrl: host.origin }));
  return {
    dir,
    session,
    host,
    client,
    post: async (method, body, headers = {}) => {
      const res = await request(`${host.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
        body: JSON.stringify(body),
      });
      return { status: res.statusCode, json: await res.body.json() };
    },
    close: async () => {
      await host.close();
      await session.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
