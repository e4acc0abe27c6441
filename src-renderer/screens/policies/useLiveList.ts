/**
 * A list fetched from the core and fetched again whenever a change batch names one of `entities`
 * (credentials and policies are not part of the shared workspace state, so each screen keeps its own).
 * The change event is the only refresh: a screen's own write comes back to it as an event too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EntityName } from '../../../src-shared/entity-names';
import { errorMessage } from '../../lib/errors';
import { useLatest } from '../../lib/useLatest';
import { useWorkspace } from '../../state/WorkspaceContext';

export interface LiveList<T> {
  items: T[];
  loaded: boolean;
  error?: string;
  refresh(): Promise<void>;
  /**
   * Shows an item a screen has just saved (added, or replacing the one with its id) until the change
   * event's refetch brings the same: the one path that refreshes the list stays the event.
   */
  put(item: T): void;
}

export function useLiveList<T extends { id: string }>(fetch: () => Promise<T[]>, entities: readonly EntityName[]): LiveList<T> {
  const ws = useWorkspace();
  const [items, setItems] = useState<T[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string>();
  const fetchRef = useLatest(fetch);
  /** Only the newest answer is kept: a slow older fetch must not overwrite a newer one. */
  const ticket = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++ticket.current;
    return fetchRef.current().then(
      (next) => {
        if (mine !== ticket.current) return;
        setItems(next);
        setError(undefined);
        setLoaded(true);
      },
      (e) => {
        if (mine !== ticket.current) return;
        setError(errorMessage(e));
        setLoaded(true);
      },
    );
  }, [fetchRef]);

  const file = ws.info?.file;
  useEffect(() => {
    void refresh();
  }, [refresh, file]);

  const key = entities.join(',');
  const onChanges = ws.onChanges;
  useEffect(
    () =>
      onChanges((batch) => {
        const shown = key.split(',');
        if ([...batch.keys()].some((entity) => shown.includes(entity))) void refresh();
      }),
    [onChanges, key, refresh],
  );

  const put = useCallback((item: T) => {
    setItems((list) => (list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [...list, item]));
  }, []);

  return { items, loaded, error, refresh, put };
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
