/**
 * What a workspace change event names (WorkspaceStore.onChange, the `workspace-changed` event):
 * the store emits these, the gateway and the UI match on them, so a misspelt name fails to compile
 * on every side. `testEvent` and `functionBinding` carry the function's id, `settings` the key.
 */
export const ENTITY_NAMES = [
  'group',
  'environment',
  'variable',
  'api',
  'publication',
  'function',
  'functionBinding',
  'testEvent',
  'testSuite',
  'authorizer',
  'responseSet',
  'settings',
  'app',
  'appAuthorization',
  'iamToken',
  'throttle',
  'accessControl',
  'plugin',
  'orchestration',
  'policyBinding',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];
