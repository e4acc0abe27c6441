/**
 * The workbench's version for files it writes (HAR `creator.version`): package.json's, found next to
 * the resources folder in a checkout. A packaged app without it says "unknown" rather than guess.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runtimesDir } from '../functions/runtimes-dir';

let cached: string | undefined;

export function workbenchVersion(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(dirname(runtimesDir())), 'package.json'), 'utf8')) as { name?: string; version?: string };
    cached = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
