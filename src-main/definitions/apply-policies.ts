/**
 * The policy part of applying an ImportPlan (inside apply-import's transaction): throttling,
 * access-control, plug-in and orchestration definitions become workspace entities (extend-mode
 * merge keeps an existing one of the same name, override replaces it), and each imported API is
 * bound to the policies its operation names, in one environment. Problems are diagnostics at the
 * definition's or the reference's place in the file.
 */
import type { PolicyKind } from '../../src-shared/model';
import type { DiagnosticSink } from '../../src-shared/openapi/diagnostics';
import type { ApiDraft, ImportPlan, PolicyRef } from '../../src-shared/openapi/plan';
import { ValidationError, type WorkspaceStore } from '../store/workspace-store';
import type { ImportMode } from '../../src-shared/openapi/import-mode';

type NameKind = PolicyKind | 'orchestration';

/** Workspace ids of the definitions the file brought, by name. */
export type PolicyIds = Record<NameKind, Map<string, string>>;

interface NamedEntity {
  id: string;
  name: string;
}
interface NamedRepo<T extends NamedEntity> {
  getByName(name: string): T | undefined;
  create(input: never): T;
  update(id: string, patch: never): T;
}

const WHAT: Record<NameKind, { label: string; key: string; map: string }> = {
  throttle: { label: 'throttling policy', key: 'x-apigateway-ratelimit', map: 'x-apigateway-ratelimits' },
  acl: { label: 'access-control policy', key: 'x-apigateway-access-control', map: 'x-apigateway-access-controls' },
  plugin: { label: 'plug-in', key: 'x-apigateway-plugins', map: 'x-apigateway-plugins' },
  orchestration: { label: 'orchestration rule', key: 'x-apigateway-orchestrations', map: 'x-apigateway-orchestrations' },
};

/** Fields a definition in a file carries; the rest (ids, times, a throttle's remark) stays the workspace's. */
const FILE_FIELDS: Record<NameKind, string[]> = {
  throttle: ['apiCallLimits', 'userCallLimits', 'appCallLimits', 'ipCallLimits', 'timeInterval', 'timeUnit', 'type', 'specials'],
  acl: ['aclType', 'entityType', 'value'],
  plugin: ['type', 'content', 'remark'],
  orchestration: ['strategy', 'isPreprocessing', 'mappedParam', 'map'],
};

export function applyPolicies(store: WorkspaceStore, plan: ImportPlan, mode: ImportMode, sink: DiagnosticSink): PolicyIds {
  return {
    throttle: applyNamed(store.throttles, plan.throttles, 'throttle', mode, sink),
    acl: applyNamed(store.accessControls, plan.accessControls, 'acl', mode, sink),
    plugin: applyNamed(store.plugins, plan.plugins, 'plugin', mode, sink),
    orchestration: applyNamed(store.orchestrations, plan.orchestrations, 'orchestration', mode, sink),
  };
}

function applyNamed<T extends NamedEntity>(
  repo: NamedRepo<T>,
  drafts: ({ name: string; pointer: string } & object)[],
  kind: NameKind,
  mode: ImportMode,
  sink: DiagnosticSink,
): Map<string, string> {
  const ids = new Map<string, string>();
  const label = WHAT[kind].label;
  for (const { pointer, ...input } of drafts) {
    const existing = repo.getByName(input.name);
    const fields = pick(input, FILE_FIELDS[kind]);
    try {
      if (!existing) ids.set(input.name, repo.create(input as never).id);
      else if (sameJson(pick(existing, FILE_FIELDS[kind]), fields)) ids.set(input.name, existing.id);
      else if (mode === 'override') {
        // Every field the file carries is set, so an optional one the file leaves out is cleared.
        const patch = Object.fromEntries(FILE_FIELDS[kind].map((k) => [k, (input as Record<string, unknown>)[k]]));
        ids.set(input.name, repo.update(existing.id, patch as never).id);
      }
      else {
        ids.set(input.name, existing.id);
        sink.warning(pointer, `${label} '${input.name}' exists in the workspace with another definition; kept as is (use extend-mode override to replace it)`);
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues) sink.error(pointer, `${label} '${input.name}': ${issue.field ? issue.field + ' ' : ''}${issue.message}`);
    }
  }
  return ids;
}

/** Every orchestration rule a request parameter names must exist once the import is applied. */
export function checkOrchestrationRefs(store: WorkspaceStore, draft: ApiDraft, ids: PolicyIds, sink: DiagnosticSink): void {
  for (const ref of draft.policyRefs?.orchestrations ?? []) resolve(store, 'orchestration', ref, ids, sink);
}

/**
 * Binds the policies the operation names to the API in `envId`. A binding already in the slot
 * (same kind; same restriction type for ACLs; same plug-in type) is replaced: the file says which
 * policy the API has. Policies the file does not mention stay bound.
 */
export function bindApiPolicies(store: WorkspaceStore, apiId: string, draft: ApiDraft, envId: string, ids: PolicyIds, sink: DiagnosticSink): void {
  const refs = draft.policyRefs;
  if (!refs) return;
  const where = { apiId, envId };
  if (refs.throttle) {
    const id = resolve(store, 'throttle', refs.throttle, ids, sink);
    if (id) bindInSlot(sink, refs.throttle, () => store.throttles.bindings(where), (pid) => store.throttles.unbind(pid, apiId, envId), () => store.throttles.bind(id, apiId, envId), id);
  }
  if (refs.acl) {
    const id = resolve(store, 'acl', refs.acl, ids, sink);
    const type = id && store.accessControls.get(id)?.entityType;
    const sameType = () => store.accessControls.bindings(where).filter((b) => store.accessControls.get(b.policyId)?.entityType === type);
    if (id) bindInSlot(sink, refs.acl, sameType, (pid) => store.accessControls.unbind(pid, apiId, envId), () => store.accessControls.bind(id, apiId, envId), id);
  }
  const typesInFile = new Map<string, string>();
  for (const ref of refs.plugins ?? []) {
    const id = resolve(store, 'plugin', ref, ids, sink);
    const type = id && store.plugins.get(id)?.type;
    if (!id || !type) continue;
    const first = typesInFile.get(type);
    if (first) {
      sink.error(ref.pointer, `plug-ins '${first}' and '${ref.name}' are both of type ${type}; APIG binds one plug-in of each type per API and environment`);
      continue;
    }
    typesInFile.set(type, ref.name);
    const sameType = () => store.plugins.bindings(where).filter((b) => store.plugins.get(b.policyId)?.type === type);
    bindInSlot(sink, ref, sameType, (pid) => store.plugins.unbind(pid, apiId, envId), () => store.plugins.bind(id, apiId, envId), id);
  }
}

function bindInSlot(
  sink: DiagnosticSink,
  ref: PolicyRef,
  occupants: () => { policyId: string }[],
  unbind: (policyId: string) => void,
  bind: () => unknown,
  policyId: string,
): void {
  try {
    const current = occupants();
    if (current.some((b) => b.policyId === policyId)) return;
    for (const b of current) unbind(b.policyId);
    bind();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const issue of error.issues) sink.error(ref.pointer, issue.message);
  }
}

function resolve(store: WorkspaceStore, kind: NameKind, ref: PolicyRef, ids: PolicyIds, sink: DiagnosticSink): string | undefined {
  const repo: { getByName(name: string): NamedEntity | undefined } =
    kind === 'throttle' ? store.throttles : kind === 'acl' ? store.accessControls : kind === 'plugin' ? store.plugins : store.orchestrations;
  const id = ids[kind].get(ref.name) ?? repo.getByName(ref.name)?.id;
  if (!id) {
    const w = WHAT[kind];
    sink.error(ref.pointer, `${w.label} '${ref.name}' is defined neither in this file (${w.map}) nor in the workspace`);
  }
  return id;
}

function pick(obj: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (obj as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}
