/**
 * Maps URL paths to the renderer's built files (Vite output) without ever leaving the build directory.
 * Used by the browser host and by the Electron shell's app:// protocol.
 */
import fs from 'node:fs';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  file: string;
  contentType: string;
  /** Hashed assets never change; index.html must be re-read so a rebuild is picked up. */
  immutable: boolean;
}

/**
 * Maps a URL path to a file inside `dir`, refusing anything that escapes it. Paths without an extension
 * fall back to index.html (the renderer routes on the client).
 */
export function resolveStaticFile(dir: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = path.resolve(dir);
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return undefined;
  const isFile = (p: string) => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (isFile(candidate)) {
    const ext = path.extname(candidate).toLowerCase();
    return {
      file: candidate,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      immutable: candidate.includes(`${path.sep}assets${path.sep}`),
    };
  }
  if (path.extname(decoded) === '') {
    const index = path.join(root, 'index.html');
    if (isFile(index)) return { file: index, contentType: CONTENT_TYPES['.html'], immutable: false };
  }
  return undefined;
}
