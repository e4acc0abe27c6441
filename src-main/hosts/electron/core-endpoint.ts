/** How the Electron shell finds the core: its loopback URL and token, passed in the environment. */
export interface CoreEndpoint {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  token: string;
}

export const CORE_URL_ENV = 'APIG_WORKBENCH_CORE_URL';
export const CORE_TOKEN_ENV = 'APIG_WORKBENCH_CORE_TOKEN';

/**
 * Reads the endpoint and removes it from `env`: every process the shell starts later (the browser
 * `shell.openExternal` runs, a core it spawns) inherits the environment, and none of them may hold
 * the core token.
 */
export function takeEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): CoreEndpoint | undefined {
  const url = env[CORE_URL_ENV];
  const token = env[CORE_TOKEN_ENV];
  delete env[CORE_URL_ENV];
  delete env[CORE_TOKEN_ENV];
  return url && token ? { url, token } : undefined;
}
