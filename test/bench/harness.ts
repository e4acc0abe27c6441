/** Shared plumbing for benchmarks: child processes, the load generator, and result tables. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { LoadResult, LoadSpec } from './load-generator';

const here = dirname(fileURLToPath(import.meta.url));

function tsxChild(script: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

/**
 * Starts a child (a script in this folder) that prints where it serves on its first stdout line;
 * it ends with this process, even on a crash.
 */
export async function startChild(script: string, args: string[] = []): Promise<{ firstLine: string; child: ChildProcess; stop: () => void }> {
  const child = tsxChild(script, args);
  // A bench that throws skips its `finally`: without this the server would be left running.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(String(d).trim()));
    child.once('exit', (code) => reject(new Error(`${script} ${args.join(' ')} exited with ${code} before serving`)));
  });
  return { firstLine, child, stop: () => child.kill('SIGTERM') };
}

/** Starts a child server that prints its port on the first stdout line (see startChild). */
export async function startChildServer(script: string): Promise<{ port: number; stop: () => void }> {
  const { firstLine, stop } = await startChild(script);
  return { port: Number(firstLine), stop };
}

/** The middle value (the upper one of an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Per-round ratios as the benches print them: "0.85 (rounds 0.81–1.10)", the median first. */
export function roundRatios(ratios: number[]): string {
  return `${median(ratios).toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
}

/** Runs the load generator in its own process against one target. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = tsxChild('load-generator.ts', [JSON.stringify(spec)]);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return JSON.parse(out) as LoadResult;
}

export interface Row {
  name: string;
  result: LoadResult;
}

export function printTable(title: string, rows: Row[], baselineName: string): void {
  const base = rows.find((r) => r.name === baselineName)!.result;
  console.log(`\n${title} (ratios relative to "${baselineName}")`);
  console.log(
    ['target'.padEnd(34), 'req/s'.padStart(8), 'x base'.padStart(7), 'p50 ms'.padStart(8), 'x base'.padStart(7), 'p99 ms'.padStart(8), 'x base'.padStart(7), 'errors'.padStart(7), 'non-2xx'.padStart(8)].join(' '),
  );
  for (const { name, result } of rows) {
    const non2xx = Object.entries(result.statusCounts)
      .filter(([s]) => !s.startsWith('2'))
      .reduce((n, [, c]) => n + c, 0);
    console.log(
      [
        name.padEnd(34),
        String(result.rps).padStart(8),
        (result.rps / base.rps).toFixed(2).padStart(7),
        result.p50Ms.toFixed(2).padStart(8),
        (result.p50Ms / base.p50Ms).toFixed(2).padStart(7),
        result.p99Ms.toFixed(2).padStart(8),
        (result.p99Ms / base.p99Ms).toFixed(2).padStart(7),
        String(result.errors).padStart(7),
        String(non2xx).padStart(8),
      ].join(' '),
    );
  }
}
