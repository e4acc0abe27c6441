/**
 * The renderer's one way to the core: the typed `WorkbenchApi` of src-shared/contract.ts, over the
 * Electron preload bridge when it is present, else over the browser host's HTTP + Server-Sent Events.
 */
import {
  BRIDGE_GLOBAL,
  COOKIE_SESSION_MARKER,
  TOKEN_QUERY_PARAM,
  TOKEN_STORAGE_KEY,
  createHttpCall,
  createWorkbenchClient,
  eventsUrl,
  type FetchLike,
  type WorkbenchApi,
  type WorkbenchBridge,
  type WorkbenchEvent,
} from '../../src-shared/contract';

export type EventListener = (event: WorkbenchEvent) => void;

export interface Connection {
  api: WorkbenchApi;
  host: 'electron' | 'browser';
  /** Live events (traces, gateway status, workspace switch). Returns an unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  /**
   * Called each time live events start flowing again after a gap in which they could not arrive:
   * the browser's event stream opening (it opens after the first lists were fetched) or reopening
   * after a drop. What changed in the gap was never announced, so listeners fetch again.
   * Electron's events never have such a gap. Returns an unsubscribe function.
   */
  onStreamOpen(listener: () => void): () => void;
}

export class MissingTokenError extends Error {
  constructor() {
    super('This page was opened without its access token. Open the address apig-workbench printed when it started (it ends in ?token=…).');
    this.name = 'MissingTokenError';
  }
}

export function connect(win: Window = window): Connection {
  const bridge = (win as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as WorkbenchBridge | undefined;
  if (bridge && bridge.host === 'electron') return connectElectron(bridge);
  return connectBrowser(win);
}

function connectElectron(bridge: WorkbenchBridge): Connection {
  const call = (method: string, args: unknown) =>
    (bridge as unknown as Record<string, (a: unknown) => Promise<never>>)[method](args);
  return {
    api: createWorkbenchClient(call),
    host: 'electron',
    subscribe: (listener) => bridge.onEvent(listener),
    // IPC events flow from the moment of subscribing, before any list is fetched: no gap to fill.
    onStreamOpen: () => () => {},
  };
}

/**
 * The token arrives once in the URL; it is moved to sessionStorage and removed from the address bar
 * so it does not end up in bookmarks, screenshots or the history of a shared screen.
 */
export function takeToken(win: Window): string | undefined {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl) {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromUrl);
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(TOKEN_STORAGE_KEY) ?? undefined;
}

/** True when the page came through the launch-code exchange, which left the token in an HttpOnly cookie. */
function hasTokenCookie(win: Window): boolean {
  return win.document.cookie.split(';').some((part) => part.trim() === `${COOKIE_SESSION_MARKER}=1`);
}

function connectBrowser(win: Window): Connection {
  const token = takeToken(win);
  if (!token && !hasTokenCookie(win)) throw new MissingTokenError();
  const fetchLike: FetchLike = (url, init) => win.fetch(url, init);
  const listeners = new Set<EventListener>();
  const openListeners = new Set<() => void>();
  let source: EventSource | undefined;

  // One EventSource for the whole page, opened on the first subscriber; it reconnects by itself.
  const ensureSource = () => {
    if (source) return;
    source = new EventSource(eventsUrl(token));
    source.onopen = () => {
      for (const listener of openListeners) listener();
    };
    source.onmessage = (message) => {
      let event: WorkbenchEvent;
      try {
        event = JSON.parse(message.data) as WorkbenchEvent;
      } catch {
        return; // a keep-alive or a line we do not understand: nothing to deliver
      }
      for (const listener of listeners) listener(event);
    };
  };

  return {
    api: createWorkbenchClient(createHttpCall({ fetch: fetchLike, token })),
    host: 'browser',
    subscribe(listener) {
      listeners.add(listener);
      ensureSource();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },
    onStreamOpen(listener) {
      openListeners.add(listener);
      return () => void openListeners.delete(listener);
    },
  };
}
