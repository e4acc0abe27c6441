import { readFileSync } from 'node:fs';
import type { LocalFunction } from '../../src-shared/model';

let n = 0;

/** A LocalFunction with inline code; each call gets its own id, so tests never share instances. */
export function inlineFn(runtime: 'nodejs' | 'python', code: string, over: Partial<LocalFunction> = {}): LocalFunction {
  n += 1;
  return {
    id: `fn-${process.pid}-${n}`,
    name: over.name ?? `test-fn-${n}`,
    runtime,
    handler: 'index.handler',
    source: { kind: 'inline', code },
    timeoutMs: 3000,
    memoryMb: 128,
    description: '',
    updatedAt: new Date().toISOString(),
    ...over,
  };
}

/** Python source from indented lines, so tests can keep the code readable. */
export function py(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (a process that ended but whose parent has not collected it yet). */
export function isRunning(pid: number): boolean {
  if (!isAlive(pid)) return false;
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
