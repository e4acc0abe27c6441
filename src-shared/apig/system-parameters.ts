/** `$context.*` system parameters usable as backend parameters (runtime.md §3.4). */
export const SYSTEM_PARAMETERS = [
  { name: 'sourceIp', value: '$context.sourceIp', description: 'Caller IP' },
  { name: 'stage', value: '$context.stage', description: 'Environment' },
  { name: 'apiId', value: '$context.apiId', description: 'API ID' },
  { name: 'apiName', value: '$context.apiName', description: 'API name' },
  { name: 'appId', value: '$context.appId', description: 'Calling credential (app) ID' },
  { name: 'appName', value: '$context.appName', description: 'Calling credential name' },
  { name: 'requestId', value: '$context.requestId', description: 'Request ID' },
  { name: 'serverAddr', value: '$context.serverAddr', description: 'Gateway server address' },
  { name: 'serverName', value: '$context.serverName', description: 'Gateway server name' },
  { name: 'handleTime', value: '$context.handleTime', description: 'Processing time of the request' },
  { name: 'providerAppId', value: '$context.providerAppId', description: 'API owner credential ID (not supported by APIG)' },
] as const;

export const FRONTEND_AUTHORIZER_PREFIX = '$context.authorizer.frontend.';
export const BACKEND_AUTHORIZER_PREFIX = '$context.authorizer.backend.';
