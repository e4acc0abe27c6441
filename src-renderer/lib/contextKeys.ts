/**
 * The context keys an authorizer returns, learned from what it actually returned: the last
 * "Test" in the authorizer editor (remembered per authorizer in localStorage) and the recent
 * gateway traces. The backend-parameter picker offers them as $context.authorizer.frontend.<key>.
 */
import type { WorkbenchApi } from '../../src-shared/contract';

const PREFIX = 'apig-workbench-context-keys:';
/** Enough recent traces to see an authorizer's keys without reading the whole trace store. */
const TRACES_TO_READ = 15;

export function rememberContextKeys(authorizerId: string, context: Record<string, unknown> | undefined): void {
  if (!authorizerId || !context) return;
  const keys = new Set([...storedContextKeys(authorizerId), ...Object.keys(context)]);
  localStorage.setItem(PREFIX + authorizerId, JSON.stringify([...keys]));
}

export function storedContextKeys(authorizerId: string): string[] {
  try {
    const value = JSON.parse(localStorage.getItem(PREFIX + authorizerId) ?? '[]');
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

export async function learnContextKeys(api: WorkbenchApi, authorizerId: string): Promise<string[]> {
  const keys = new Set(storedContextKeys(authorizerId));
  try {
    const summaries = await api.listTraces({ limit: TRACES_TO_READ });
    const traces = await Promise.all(summaries.map((s) => api.getTrace({ id: s.id }).catch(() => undefined)));
    for (const trace of traces) {
      for (const run of trace?.authorizers ?? []) {
        if (run.authorizerId === authorizerId) for (const key of Object.keys(run.context ?? {})) keys.add(key);
      }
    }
  } catch {
    // Traces are a bonus source; the stored keys are still worth offering.
  }
  return [...keys].sort();
}
