/**
 * Watches a debugged function instance through its inspector, as a second Chrome DevTools Protocol
 * client beside the user's debugger (V8 serves several sessions): every session sees
 * Debugger.paused and Debugger.resumed, so the host knows when the user's breakpoint holds the
 * function and can stop the invocation's clock meanwhile.
 */
import { WebSocket } from 'undici';

export interface PauseWatcher {
  /** Lets a paused instance run on (any session may resume the isolate), then disconnects. */
  release(): void;
  close(): void;
}

export function watchPauses(inspectorUrl: string, onChange: (paused: boolean) => void): PauseWatcher {
  const socket = new WebSocket(inspectorUrl);
  let paused = false;
  const set = (next: boolean) => {
    if (next === paused) return;
    paused = next;
    onChange(next);
  };
  socket.addEventListener('open', () => socket.send(JSON.stringify({ id: 1, method: 'Debugger.enable' })));
  socket.addEventListener('message', (event) => {
    let message: { method?: string };
    try {
      message = JSON.parse(String(event.data)) as { method?: string };
    } catch {
      return;
    }
    if (message.method === 'Debugger.paused') set(true);
    else if (message.method === 'Debugger.resumed') set(false);
  });
  // The instance went away (or the watcher was closed): nothing holds the function any more.
  socket.addEventListener('close', () => set(false));
  socket.addEventListener('error', () => set(false));
  return {
    release() {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ id: 2, method: 'Debugger.resume' }));
      socket.close();
    },
    close: () => socket.close(),
  };
}
