/** APIG quotas and ranges the workbench enforces (runtime.md §1.1, §2.3, §3.1–3.4, §6). */
export const LIMITS = {
  groupDomains: 5,
  environments: 10,
  variablesPerGroupEnv: 50,
  publicationsPerApiEnv: 10,
  requestParams: 50,
  /** [U] APIG documents no separate cap for backend parameters; the request-parameter cap is reused. */
  backendParams: 50,
  authorizers: 50,
  responseSetsPerGroup: 4,
  responseHeaders: 10,
  apiPathLength: 512,
  backendPathLength: 512,
  backendAddressLength: 255,
  backendParamValueLength: 255,
  backendTimeoutMs: 60_000,
  functionBackendTimeoutMs: 60_000,
  mockBodyLength: 2048,
  authorizerTtlSec: 3600,
  authorizerUserData: 2048,
  identityValidationLength: 2048,
  authorizerTimeoutMs: 60_000,
  /** [U] x-apigateway-authorizer only shows retry_attempts: 0; the range is a guess. */
  authorizerRetryAttempts: 10,
  descriptionLength: 255,
  /** [U] FunctionGraph's limits; local functions are not APIG objects. */
  functionTimeoutMs: 900_000,
  functionMemoryMb: { min: 64, max: 10_240 },
} as const;
