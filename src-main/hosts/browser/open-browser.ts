/** Opens a URL in the user's default browser; failure is reported, never fatal (the URL is printed). */
import { spawn } from 'node:child_process';

export function openInBrowser(url: string, onError: (message: string) => void): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? // `start` is a cmd built-in; the empty "" is the window title it would otherwise take from the URL.
          ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.once('error', (error) => onError(`could not open a browser (${error.message}); open the URL above yourself`));
    child.unref();
  } catch (error) {
    onError(`could not open a browser (${error instanceof Error ? error.message : error}); open the URL above yourself`);
  }
}
