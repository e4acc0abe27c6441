/**
 * Starts the echo backend for workspaces that ask for it (the sample does) and points their
 * #echo_host# variables at it, so the sample's HTTP APIs answer with no setup.
 */
import type { WorkspaceStore } from '../store/workspace-store';
import { startEchoBackend, type EchoBackend } from './echo-backend';
import { ECHO_BACKEND_SETTING, ECHO_HOST_VARIABLE } from './sample-workspace';

const PREFERRED_PORT = 18081;

export async function startSampleEcho(store: WorkspaceStore): Promise<EchoBackend | undefined> {
  if (store.settings.get(ECHO_BACKEND_SETTING) !== 'on') return undefined;
  let echo: EchoBackend;
  try {
    echo = await startEchoBackend({ port: PREFERRED_PORT });
  } catch {
    echo = await startEchoBackend({ port: 0 }); // the preferred port is taken (another workbench?)
  }
  const address = `127.0.0.1:${echo.port}`;
  store.transaction(() => {
    for (const v of store.variables.list()) {
      if (v.name === ECHO_HOST_VARIABLE && v.value !== address) store.variables.set(v.groupId, v.envId, v.name, address);
    }
  });
  return echo;
}
