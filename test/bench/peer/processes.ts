/**
 * Process plumbing for the peer and load benchmarks: free ports, the resident memory of a
 * process tree, waiting for the first 200, simple count-bounded request loops, stopping a child.
 */
import { readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { Pool } from 'undici';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid (after the parenthesised command name).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Resident memory of a process and all its descendants, in MB (Linux /proc). */
export function treeRssMb(pid: number): number {
  let kb = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    kb += rssKb(p);
    queue.push(...childrenOf(p));
  }
  return Math.round(kb / 102.4) / 10;
}

/** Polls `url` until it answers 200; resolves with the time it took since `since` (performance.now()). */
export async function timeToFirst200(url: string, headers: Record<string, string>, since: number, child: ChildProcess, timeoutMs = 60_000): Promise<number> {
  const deadline = since + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`the server exited before answering ${url}`);
    try {
      const res = await fetch(url, { headers });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`no 200 from ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends exactly `count` GET requests with `concurrency` in flight; returns the status counts. */
export async function sendRequests(url: string, count: number, concurrency: number, headers: Record<string, string>): Promise<Record<string, number>> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: concurrency });
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        const res = await pool.request({ path: target.pathname + target.search, method: 'GET', headers });
        await res.body.dump();
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      } catch {
        statuses.error = (statuses.error ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await pool.close();
  return statuses;
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
