/**
 * A list fetched from the core and fetched again whenever a change batch names one of `entities`
 * (credentials and policies are not part of the shared workspace state, so each screen keeps its own).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntityName } from '../../../src-shared/entity-names';
import { errorMessage } from '../../lib/errors';
import { useWorkspace } from '../../state/WorkspaceContext';

export interface LiveList<T> {
  items: T[];
  loaded: boolean;
  error?: string;
  refresh(): Promise<void>;
}

/** Every mounted list, so a screen's own write refreshes the explorer's copy at once (not after the event round trip). */
const mounted = new Set<{ entities: readonly string[]; refresh(): Promise<void> }>();

/** Refreshes every mounted list that shows one of `entities`. */
export function refreshLiveLists(entities: readonly EntityName[]): void {
  for (const list of mounted) if (entities.some((e) => list.entities.includes(e))) void list.refresh();
}

export function useLiveList<T>(fetch: () => Promise<T[]>, entities: readonly EntityName[]): LiveList<T> {
  const ws = useWorkspace();
  const [items, setItems] = useState<T[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  /** Only the newest answer is kept: a slow older fetch must not overwrite a newer one. */
  const ticket = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++ticket.current;
    try {
      const next = await fetchRef.current();
      if (mine !== ticket.current) return;
      setItems(next);
      setError(undefined);
    } catch (e) {
      if (mine === ticket.current) setError(errorMessage(e));
    } finally {
      if (mine === ticket.current) setLoaded(true);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh, ws.info?.file]);

  const key = entities.join(',');
  useEffect(() => {
    const entry = { entities: key.split(','), refresh };
    mounted.add(entry);
    return () => void mounted.delete(entry);
  }, [key, refresh]);
  useEffect(
    () =>
      ws.onChanges((batch) => {
        const shown = key.split(',');
        if ([...batch.keys()].some((entity) => shown.includes(entity))) void refresh();
      }),
    [ws, key, refresh],
  );

  return { items, loaded, error, refresh };
}

/** Which change events refresh each list. */
export const ENTITIES = {
  apps: ['app'],
  authorizations: ['appAuthorization', 'app', 'api', 'environment', 'publication'],
  iamTokens: ['iamToken'],
  throttles: ['throttle'],
  accessControls: ['accessControl'],
  plugins: ['plugin'],
  orchestrations: ['orchestration'],
  bindings: ['policyBinding', 'throttle', 'accessControl', 'plugin', 'api', 'environment'],
} as const satisfies Record<string, readonly EntityName[]>;
