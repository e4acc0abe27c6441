/** How the Electron shell finds the core: its loopback URL and token, passed in the environment. */
export interface CoreEndpoint {
  /** e.g. http://127.0.0.1:43121 */
  url: string;
  token: string;
}

export const CORE_URL_ENV = 'APIG_WORKBENCH_CORE_URL';
export const CORE_TOKEN_ENV = 'APIG_WORKBENCH_CORE_TOKEN';

export function endpointFromEnv(env: NodeJS.ProcessEnv = process.env): CoreEndpoint | undefined {
  const url = env[CORE_URL_ENV];
  const token = env[CORE_TOKEN_ENV];
  return url && token ? { url, token } : undefined;
}
