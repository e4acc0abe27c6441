/** Opens a URL in the user's default browser; failure is reported, never fatal (the URL is printed). */
import { spawn } from 'node:child_process';
import type { Logger } from '../../logger';

export function openInBrowser(url: string, log: Logger): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? // `start` is a cmd built-in; the empty "" is the window title it would otherwise take from the URL.
          ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', (error) => log.warn('could not open a browser; open the URL above yourself', { error }));
    child.unref();
  } catch (error) {
    log.warn('could not open a browser; open the URL above yourself', { error });
  }
}
