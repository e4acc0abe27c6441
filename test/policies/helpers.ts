/** Shared helpers for the policy tests (real workspace, gateway and echo backend via the gateway fixture). */
import { findStage, type TraceRecord, type TraceStageName, type TraceStageOf } from '../../src-shared/trace';
import type { Fixture } from '../gateway/fixture';

export const releaseId = (f: Fixture): string => f.workbench.store.environments.getByName('RELEASE')!.id;

export async function traceOf(f: Fixture, requestId: string): Promise<TraceRecord> {
  const trace = await f.workbench.gateway.getTrace(requestId);
  if (!trace) throw new Error(`no trace for request ${requestId}`);
  return trace;
}

export async function stageOf<N extends TraceStageName>(f: Fixture, requestId: string, name: N): Promise<TraceStageOf<N>> {
  const stage = findStage((await traceOf(f, requestId)).stages, name);
  if (!stage) throw new Error(`trace of ${requestId} has no ${name} stage`);
  return stage;
}

/** An echo-backed API at /<name>, published to RELEASE. */
export function echoApi(f: Fixture, name: string, extra: Record<string, unknown> = {}) {
  return f.api({ name, path: `/${name}`, ...extra });
}
