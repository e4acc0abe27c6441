/**
 * Where the runtime bootstrap scripts (resources/runtimes/node-runner.cjs, python-runner.py) live.
 *
 * They are plain files loaded by path, not imported, so the same lookup has to work from the
 * TypeScript sources (vitest, tsx), from an electron-vite bundle (out/main/…) and from a packaged
 * app. Walking up from this module's location finds the repository's `resources/runtimes` in the
 * first two cases; APIG_WORKBENCH_RESOURCES (or Electron's resourcesPath) covers the third.
 */
import { existsSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = 'node-runner.cjs';
let cached: string | undefined;

export function runtimesDir(): string {
  const override = process.env.APIG_WORKBENCH_RESOURCES;
  if (override) return fromOverride(override);
  if (!cached || !existsSync(join(cached, MARKER))) cached = locate();
  return cached;
}

function fromOverride(override: string): string {
  // Accept either the resources folder or the runtimes folder itself.
  for (const candidate of [join(override, 'runtimes'), override]) {
    if (existsSync(join(candidate, MARKER))) return candidate;
  }
  throw new Error(`APIG_WORKBENCH_RESOURCES=${override} holds neither runtimes/${MARKER} nor ${MARKER}`);
}

function locate(): string {
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  const starts = [moduleDir(), resourcesPath, process.cwd()].filter((d): d is string => !!d);
  for (const start of starts) {
    for (let dir = start; ; dir = dirname(dir)) {
      for (const candidate of [join(dir, 'resources', 'runtimes'), join(dir, 'runtimes')]) {
        if (existsSync(join(candidate, MARKER))) return candidate;
      }
      if (dir === parse(dir).root) break;
    }
  }
  throw new Error(
    `cannot find resources/runtimes/${MARKER} above ${starts.join(' or ')}; set APIG_WORKBENCH_RESOURCES to the resources folder`,
  );
}

function moduleDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.url));
  } catch {
    // A CommonJS bundle has no import.meta.url.
    return typeof __dirname === 'string' ? __dirname : undefined;
  }
}
