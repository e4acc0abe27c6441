/**
 * Electron main side of the contract: one `ipcMain.handle` per contract method (never a generic
 * channel), each checking who is calling and what it passes before forwarding to the core.
 */
import {
  IPC_CHANNEL_PREFIX,
  METHOD_NAMES,
  invalidArgumentError,
  type ContractCall,
  type ContractResponse,
} from '../../../src-shared/contract';
import { validateArgs } from '../../../src-shared/contract';
import type { IpcMainInvokeEvent, IpcMainLike } from './electron-surface';

/**
 * `isTrustedSender` decides from the sending frame: only the workbench's own page (app://workbench/…
 * in the main window) may call. A frame that navigated elsewhere, or an injected one, gets `forbidden`.
 */
export function registerContractIpc(
  ipcMain: IpcMainLike,
  forward: ContractCall,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(IPC_CHANNEL_PREFIX + method, async (event, ...rest): Promise<ContractResponse<unknown>> => {
      if (!isTrustedSender(event)) {
        return { error: { kind: 'forbidden', message: `${method}: caller ${event.senderFrame?.url ?? '(unknown frame)'} is not the workbench window` } };
      }
      if (rest.length > 1) {
        return { error: { kind: 'invalid-argument', message: `${method} takes one argument object (got ${rest.length} arguments)` } };
      }
      const args = rest[0] ?? {};
      const issues = validateArgs(method, args);
      if (issues.length > 0) return { error: invalidArgumentError(method, issues) };
      return forward(method, args);
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(IPC_CHANNEL_PREFIX + method);
  };
}

/** The origin the shell serves the renderer from (a privileged custom scheme, not file://). */
export const APP_ORIGIN = 'app://workbench';

export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'workbench';
  } catch {
    return false;
  }
}

/** Links the user clicks open in the system browser, but only http(s) URLs that parse. */
export function externalUrlToOpen(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
