/**
 * Turns the core's stream of `workspace-changed` events into few refreshes: changes are collected
 * until the stream has been quiet for `quietMs` (an import of 2,000 APIs arrives as 2,000 events in a
 * burst and refreshes once), but never held longer than `maxWaitMs` so a steady trickle still shows.
 * Pure logic with injectable timers, so it is tested without a browser.
 */
import type { EntityName } from '../../src-shared/entity-names';

/** The lists the workspace state holds, each refreshed by its own contract call. */
export type ListKey = 'info' | 'groups' | 'apis' | 'authorizers' | 'functions' | 'environments' | 'variables' | 'responseSets';

export const ALL_LISTS: readonly ListKey[] = ['info', 'groups', 'apis', 'authorizers', 'functions', 'environments', 'variables', 'responseSets'];

/**
 * Which lists show data of an entity. An API list item carries its publications and environment
 * names, and a group's removal cascades to its APIs, variables and response sets, hence the overlaps.
 * Entities the UI lists nowhere (credentials, policies…) refresh nothing here; screens that show
 * them subscribe to the change batches themselves.
 */
export function listsAffectedBy(entity: EntityName): ListKey[] {
  switch (entity) {
    case 'group':
      return ['groups', 'apis', 'variables', 'responseSets'];
    case 'environment':
      return ['environments', 'apis', 'variables'];
    case 'variable':
      return ['variables'];
    case 'api':
    case 'publication':
      return ['apis'];
    case 'function':
      return ['functions'];
    case 'authorizer':
      return ['authorizers'];
    case 'responseSet':
      return ['responseSets'];
    case 'settings':
      return ['info'];
    default:
      return [];
  }
}

/** The changes of one batch: entity name → ids changed (empty set when the store gave no id). */
export type ChangeBatch = ReadonlyMap<EntityName, ReadonlySet<string>>;

export function listsAffectedByBatch(batch: ChangeBatch): Set<ListKey> {
  const keys = new Set<ListKey>();
  for (const entity of batch.keys()) for (const key of listsAffectedBy(entity)) keys.add(key);
  return keys;
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface ChangeBatcherOptions {
  flush(batch: ChangeBatch): void;
  /** Quiet time after the last change before flushing. Default 150 ms. */
  quietMs?: number;
  /** Longest a change waits while changes keep coming. Default 1000 ms. */
  maxWaitMs?: number;
  timers?: Timers;
}

export interface ChangeBatcher {
  add(entity: EntityName, id?: string): void;
  /** Drops pending changes and timers (the component unmounted, or the workspace was switched). */
  dispose(): void;
}

export function createChangeBatcher(options: ChangeBatcherOptions): ChangeBatcher {
  const quietMs = options.quietMs ?? 150;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const timers = options.timers ?? realTimers;
  let pending = new Map<EntityName, Set<string>>();
  let firstAt: number | undefined;
  let timer: unknown;

  const flush = () => {
    timer = undefined;
    firstAt = undefined;
    const batch = pending;
    pending = new Map();
    if (batch.size) options.flush(batch);
  };

  return {
    add(entity, id) {
      let ids = pending.get(entity);
      if (!ids) pending.set(entity, (ids = new Set()));
      if (id !== undefined) ids.add(id);
      const now = timers.now();
      firstAt ??= now;
      if (timer !== undefined) timers.clear(timer);
      const wait = Math.max(0, Math.min(quietMs, firstAt + maxWaitMs - now));
      timer = timers.set(flush, wait);
    },
    dispose() {
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
      firstAt = undefined;
      pending = new Map();
    },
  };
}
