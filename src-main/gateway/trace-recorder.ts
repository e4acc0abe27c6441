/**
 * Collects finished traces: keeps the most recent in memory (for the tester's immediate lookup
 * and the live log), and writes them to the workspace in batches off the request path so that
 * recording never becomes the bottleneck under load.
 */
import type { TraceRecord, TraceSummary } from '../../src-shared/trace';

export interface TraceSink {
  append(records: TraceRecord[]): void;
}

export function summarize(t: TraceRecord): TraceSummary {
  return {
    id: t.id,
    requestId: t.requestId,
    startedAt: t.startedAt,
    method: t.request.method,
    url: t.request.url,
    status: t.response.status,
    totalMs: t.totalMs,
    apiName: t.apiName,
    env: t.env,
    errorType: t.response.errorType,
  };
}

export class TraceRecorder {
  private readonly recent = new Map<string, TraceRecord>();
  private queue: TraceRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(summary: TraceSummary) => void>();

  constructor(
    private readonly sink: TraceSink | undefined,
    private readonly options: { recentLimit: number; flushIntervalMs: number; maxBatch: number; maxQueue: number } = {
      recentLimit: 500,
      flushIntervalMs: 200,
      maxBatch: 500,
      maxQueue: 20_000,
    },
    private readonly onSinkError: (error: unknown) => void = () => {},
  ) {}

  record(trace: TraceRecord): void {
    this.recent.set(trace.requestId, trace);
    if (this.recent.size > this.options.recentLimit) this.recent.delete(this.recent.keys().next().value!);
    if (this.sink) {
      // Under a flood the oldest unwritten traces are dropped rather than growing memory.
      if (this.queue.length >= this.options.maxQueue) this.queue.shift();
      this.queue.push(trace);
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.flushIntervalMs);
    }
    if (this.listeners.size > 0) {
      const summary = summarize(trace);
      for (const listener of this.listeners) listener(summary);
    }
  }

  get(requestId: string): TraceRecord | undefined {
    return this.recent.get(requestId);
  }

  onTrace(listener: (summary: TraceSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.sink || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.sink.append(batch);
    } catch (error) {
      this.onSinkError(error);
    }
  }

  close(): void {
    this.flush();
    this.listeners.clear();
  }
}
