/**
 * Everything the explorer and editors list, loaded once and refreshed after each change, plus the
 * live gateway status and request log pushed by the core.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApiListItem, GatewayStatus, WorkbenchApi, WorkspaceInfo } from '../../src-shared/contract';
import type { ApiGroup, Authorizer, EnvVariable, Environment, GatewayResponseSet, LocalFunction } from '../../src-shared/model';
import type { TraceSummary } from '../../src-shared/trace';
import type { Connection } from '../api/client';

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
  reload(): Promise<void>;
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

export function WorkspaceProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  const api = connection.api;
  const [data, setData] = useState<WorkspaceData>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [gateway, setGateway] = useState<GatewayStatus>();
  const [liveTraces, setLiveTraces] = useState<TraceSummary[]>([]);
  const loading = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++loading.current;
    try {
      const [info, groups, apis, authorizers, functions, environments, variables, responseSets] = await Promise.all([
        api.workspaceInfo(),
        api.listGroups(),
        api.listApis(),
        api.listAuthorizers(),
        api.listFunctions(),
        api.listEnvironments(),
        api.listVariables(),
        api.listResponseSets(),
      ]);
      // A slower, older reload must not overwrite a newer one.
      if (ticket !== loading.current) return;
      setData({ info, groups, apis, authorizers, functions, environments, variables, responseSets });
      setGateway(info.gateway);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
    } finally {
      setLoaded(true);
    }
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () =>
      connection.subscribe((event) => {
        if (event.type === 'trace') setLiveTraces((list) => [event.trace, ...list].slice(0, LIVE_LOG_LIMIT));
        else if (event.type === 'gateway') setGateway(event.status);
        else if (event.type === 'workspace') void reload();
      }),
    [connection, reload],
  );

  const value = useMemo<WorkspaceState>(
    () => ({
      ...data,
      api,
      connection,
      loaded,
      loadError,
      gateway,
      liveTraces,
      reload,
      setGateway,
      clearLive: () => setLiveTraces([]),
    }),
    [data, api, connection, loaded, loadError, gateway, liveTraces, reload],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useWorkspace(): WorkspaceState {
  const value = useContext(Ctx);
  if (!value) throw new Error('useWorkspace must be used inside <WorkspaceProvider>');
  return value;
}
