/**
 * Everything the explorer and editors list, loaded once and kept current: the core pushes a
 * `workspace-changed` event for every committed write (from this window or any other client), and
 * the lists that show that entity are fetched again, batched. That is the only way the lists refresh:
 * a screen that saves shows what its save returned and lets the change event update the lists. Plus the live gateway status and
 * request log pushed by the core.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiListItem, GatewayStatus, WorkbenchApi, WorkspaceInfo } from '../../src-shared/contract';
import type { ApiGroup, Authorizer, EnvVariable, Environment, GatewayResponseSet, LocalFunction } from '../../src-shared/model';
import type { TraceSummary } from '../../src-shared/trace';
import type { Connection } from '../api/client';
import { ALL_LISTS, createChangeBatcher, listsAffectedByBatch, type ChangeBatch, type ListKey } from './changeBatcher';

export interface WorkspaceData {
  info?: WorkspaceInfo;
  groups: ApiGroup[];
  apis: ApiListItem[];
  authorizers: Authorizer[];
  functions: LocalFunction[];
  environments: Environment[];
  variables: EnvVariable[];
  responseSets: GatewayResponseSet[];
}

export interface WorkspaceState extends WorkspaceData {
  api: WorkbenchApi;
  connection: Connection;
  loaded: boolean;
  loadError?: string;
  gateway?: GatewayStatus;
  /** Requests seen by the gateway since the UI opened (newest first), from any client. */
  liveTraces: TraceSummary[];
  /**
   * Batches of changes made anywhere (this window, another window, the core), after the lists they
   * affect have been asked to refresh. For screens showing one entity. Returns an unsubscribe.
   */
  onChanges(listener: (batch: ChangeBatch) => void): () => void;
  setGateway(status: GatewayStatus): void;
  clearLive(): void;
}

const EMPTY: WorkspaceData = {
  groups: [],
  apis: [],
  authorizers: [],
  functions: [],
  environments: [],
  variables: [],
  responseSets: [],
};

/** The live log keeps the latest requests only; older ones stay in the workspace's trace store. */
const LIVE_LOG_LIMIT = 1000;

const Ctx = createContext<WorkspaceState | null>(null);

/** One contract call per list, so a change refreshes only the lists that show it. */
function fetchList(api: WorkbenchApi, key: ListKey): Promise<unknown> {
  switch (key) {
    case 'info':
      return api.workspaceInfo();
    case 'groups':
      return api.listGroups();
    case 'apis':
      return api.listApis();
    case 'authorizers':
      return api.listAuthorizers();
    case 'functions':
      return api.listFunctions();
    case 'environments':
      return api.listEnvironments();
    case 'variables':
      return api.listVariables();
    case 'responseSets':
      return api.listResponseSets();
  }
}

export function WorkspaceProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  const api = connection.api;
  const [data, setData] = useState<WorkspaceData>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [gateway, setGateway] = useState<GatewayStatus>();
  const [liveTraces, setLiveTraces] = useState<TraceSummary[]>([]);
  /** Per list, the number of the latest fetch: a slower, older answer must not overwrite a newer one. */
  const tickets = useRef(new Map<ListKey, number>());
  const changeListeners = useRef(new Set<(batch: ChangeBatch) => void>());

  const refresh = useCallback(
    async (keys: readonly ListKey[]) => {
      const mine = keys.map((key) => {
        const ticket = (tickets.current.get(key) ?? 0) + 1;
        tickets.current.set(key, ticket);
        return ticket;
      });
      try {
        const results = await Promise.all(keys.map((key) => fetchList(api, key)));
        const patch: Partial<WorkspaceData> = {};
        keys.forEach((key, i) => {
          if (tickets.current.get(key) === mine[i]) (patch as Record<string, unknown>)[key] = results[i];
        });
        setData((prev) => ({ ...prev, ...patch }));
        if (patch.info) setGateway(patch.info.gateway);
        setLoadError(undefined);
      } catch (error) {
        setLoadError(error instanceof Error ? error.message : String(error));
      } finally {
        setLoaded(true);
      }
    },
    [api],
  );

  const reload = useCallback(() => refresh(ALL_LISTS), [refresh]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    const batcher = createChangeBatcher({
      flush: (batch) => {
        const keys = listsAffectedByBatch(batch);
        if (keys.size) void refresh([...keys]);
        for (const listener of changeListeners.current) listener(batch);
      },
    });
    // Changes made while the event stream was not open were never announced: fetch everything.
    const unsubscribeOpen = connection.onStreamOpen(() => void reload());
    const unsubscribe = connection.subscribe((event) => {
      if (event.type === 'trace') setLiveTraces((list) => [event.trace, ...list].slice(0, LIVE_LOG_LIMIT));
      else if (event.type === 'gateway') setGateway(event.status);
      else if (event.type === 'workspace-changed') batcher.add(event.entity, event.id);
      else if (event.type === 'workspace') {
        // Another file: pending changes were about the old one, and its request log is not this one's.
        batcher.dispose();
        setLiveTraces([]);
        void reload();
      }
    });
    return () => {
      unsubscribeOpen();
      unsubscribe();
      batcher.dispose();
    };
  }, [connection, refresh, reload]);

  const onChanges = useCallback((listener: (batch: ChangeBatch) => void) => {
    changeListeners.current.add(listener);
    return () => void changeListeners.current.delete(listener);
  }, []);

  const value = useMemo<WorkspaceState>(
    () => ({
      ...data,
      api,
      connection,
      loaded,
      loadError,
      gateway,
      liveTraces,
      onChanges,
      setGateway,
      clearLive: () => setLiveTraces([]),
    }),
    [data, api, connection, loaded, loadError, gateway, liveTraces, onChanges],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const value = useContext(Ctx);
  if (!value) throw new Error('useWorkspace must be used inside <WorkspaceProvider>');
  return value;
}
