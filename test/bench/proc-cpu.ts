/**
 * CPU time from /proc (Linux): a whole process's, or the calling thread's alone. process.cpuUsage()
 * counts every thread of this process (V8's GC helpers, worker threads); the main thread's own
 * share tells the gateway's JavaScript apart from what runs beside it. Elsewhere these return
 * undefined and the benches leave the figure out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU (µs) from a /proc stat file, or undefined where there is none. */
function statMicros(file: string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces: the fields after it are what is counted.
  const fields = stat.split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
}

/** CPU (µs) a process has used so far, its threads included. */
export function processCpuMicros(pid: number): number | undefined {
  return statMicros(`/proc/${pid}/stat`);
}

/** CPU (µs) the calling thread alone has used so far (10 ms resolution). */
export function threadCpuMicros(): number | undefined {
  return statMicros('/proc/thread-self/stat');
}
