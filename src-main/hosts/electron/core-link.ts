/**
 * The Electron main process's link to the core, which runs in a separate plain-Node process and
 * serves the contract over loopback HTTP (the browser host's API, token-protected).
 *
 * Why the core does not run inside Electron's main process: better-sqlite3 is a native module compiled
 * for one ABI. In a checkout, `npm install` builds it for Node (so `vitest` and the CLI work) and the
 * core runs in the Node process `npm start` already is. A packaged app has no system Node: there the
 * shell starts the core on Electron's own binary as plain Node (ELECTRON_RUN_AS_NODE) with a copy of
 * better-sqlite3 rebuilt for Electron by `npm run dist` (see packaging.ts). Either way the shell stays
 * small: window, preload, IPC forwarding to the core over loopback.
 */
import { createHttpCall, EVENTS_PATH, TOKEN_HEADER, type ContractCall, type WorkbenchEvent } from '../../../src-shared/contract';
import type { CoreEndpoint } from './core-endpoint';

export { takeEndpointFromEnv, type CoreEndpoint } from './core-endpoint';

export function coreCall(endpoint: CoreEndpoint): ContractCall {
  return createHttpCall({ fetch: fetch as never, token: endpoint.token, baseUrl: endpoint.url });
}

/**
 * Follows the core's event stream, reconnecting after a drop until `stop()` is called. The token
 * travels in a header here (unlike EventSource in the page, fetch can send one).
 */
export function followCoreEvents(endpoint: CoreEndpoint, listener: (event: WorkbenchEvent) => void): { stop(): void } {
  const abort = new AbortController();
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await fetch(endpoint.url + EVENTS_PATH, { headers: { [TOKEN_HEADER]: endpoint.token }, signal: abort.signal });
        if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
        await readEventStream(res.body, listener);
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  };
  void run();
  return { stop: () => abort.abort() };
}

/** Parses Server-Sent Events: blocks separated by a blank line, JSON in `data:` lines. */
export async function readEventStream(body: ReadableStream<Uint8Array>, listener: (event: WorkbenchEvent) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data) listener(JSON.parse(data) as WorkbenchEvent);
    }
  }
}
