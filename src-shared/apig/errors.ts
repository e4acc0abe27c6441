/**
 * APIG gateway error response types, their default statuses, and the runtime error codes
 * with their verbatim messages (runtime.md §2.2 and §2.4).
 */

export const ERROR_TYPES = [
  'ACCESS_DENIED',
  'AUTHORIZER_CONF_FAILURE',
  'AUTHORIZER_FAILURE',
  'AUTHORIZER_IDENTITIES_FAILURE',
  'AUTH_FAILURE',
  'AUTH_HEADER_MISSING',
  'BACKEND_TIMEOUT',
  'BACKEND_UNAVAILABLE',
  'NOT_FOUND',
  'REQUEST_PARAMETERS_FAILURE',
  'THROTTLED',
  'UNAUTHORIZED',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'THIRD_AUTH_CONF_FAILURE',
  'THIRD_AUTH_FAILURE',
  'THIRD_AUTH_IDENTITIES_FAILURE',
  'ORCHESTRATION_PARAMETER_NOT_FOUND',
  'ORCHESTRATION_FAILURE',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** Default HTTP status per type; DEFAULT_4XX/5XX have none (the underlying error's status is kept). */
export const DEFAULT_STATUS: Record<ErrorType, number | undefined> = {
  ACCESS_DENIED: 403,
  AUTHORIZER_CONF_FAILURE: 500,
  AUTHORIZER_FAILURE: 500,
  AUTHORIZER_IDENTITIES_FAILURE: 401,
  AUTH_FAILURE: 401,
  AUTH_HEADER_MISSING: 401,
  BACKEND_TIMEOUT: 504,
  BACKEND_UNAVAILABLE: 502,
  NOT_FOUND: 404,
  REQUEST_PARAMETERS_FAILURE: 400,
  THROTTLED: 429,
  UNAUTHORIZED: 401,
  DEFAULT_4XX: undefined,
  DEFAULT_5XX: undefined,
  THIRD_AUTH_CONF_FAILURE: 500,
  THIRD_AUTH_FAILURE: 401,
  THIRD_AUTH_IDENTITIES_FAILURE: 401,
  // [U] runtime.md §2.2: "probably 400".
  ORCHESTRATION_PARAMETER_NOT_FOUND: 400,
  ORCHESTRATION_FAILURE: 400,
};

/** APIG's default body template for every response type (runtime.md §2.1). */
export const DEFAULT_ERROR_BODY =
  '{"error_code": "$context.error.code", "error_msg": "$context.error.message", "request_id": "$context.requestId"}';

/** A gateway error as the pipeline raises it: type selects the gateway response, code/message fill the template. */
export interface GatewayError {
  type: ErrorType;
  /** HTTP status used when the response type has no status of its own (DEFAULT_4XX/5XX). */
  status: number;
  code: string;
  /** The public message APIG sends ($context.error.message). */
  message: string;
  /**
   * Why, in the workbench's words ("value for backend header x-user contains CR, LF or NUL"): kept
   * in the trace, never sent to the client, which gets APIG's public message only.
   */
  detail?: string;
}

function err(type: ErrorType, status: number, code: string, message: string): GatewayError {
  return { type, status, code, message };
}

/** An error whose public message stays APIG's own; the local reason goes to the trace only. */
function withDetail(error: GatewayError, detail: string | undefined): GatewayError {
  return detail ? { ...error, detail } : error;
}

/**
 * The errors the local gateway raises. Codes and messages are verbatim from runtime.md §2.4;
 * where the docs give no code for a type (authorizer failures) the choice is listed in docs/fidelity.md.
 */
export const Errors = {
  apiNotPublished: () =>
    err('NOT_FOUND', 404, 'APIG.0101', 'The API does not exist or has not been published in the environment.'),
  methodNotFound: () => err('NOT_FOUND', 404, 'APIG.0101', 'The API does not exist.'),
  bodyTooLarge: () => err('DEFAULT_4XX', 413, 'APIG.0201', 'Request entity too large.'),
  uriTooLarge: () => err('DEFAULT_4XX', 414, 'APIG.0201', 'Request URI too large.'),
  headersTooLarge: () => err('DEFAULT_4XX', 494, 'APIG.0201', 'Request headers too large.'),
  badRequest: () => err('DEFAULT_4XX', 400, 'APIG.0602', 'Bad request.'),
  requestParameters: (detail?: string) =>
    err('REQUEST_PARAMETERS_FAILURE', 400, 'APIG.0201', detail ? `API request error: ${detail}` : 'API request error.'),
  protocolNotSupported: (supported: string) =>
    err('DEFAULT_4XX', 400, 'APIG.0607', `The following protocol is supported: ${supported}`),
  // App and IAM authentication (runtime.md §2.4, §4.2–4.4, §4.6). The detail after the colon follows
  // the messages seen in the wild ("app not found, appkey …", "signature expired, …", "x-auth-token not found").
  appCredentialsMissing: () =>
    err('AUTH_HEADER_MISSING', 401, 'APIG.0303', 'Incorrect app authentication information: authorization not found'),
  appAuthFailure: (detail: string) => err('AUTH_FAILURE', 401, 'APIG.0303', `Incorrect app authentication information: ${detail}`),
  // The code table lists 403, but the UNAUTHORIZED response type (401) decides the status (§2.2).
  appNotAuthorized: () => err('UNAUTHORIZED', 403, 'APIG.0304', 'The app is not authorized to access the API.'),
  iamCredentialsMissing: () =>
    err('AUTH_HEADER_MISSING', 401, 'APIG.0301', 'Incorrect IAM authentication information: x-auth-token not found'),
  iamAuthFailure: (detail: string) => err('AUTH_FAILURE', 401, 'APIG.0301', `Incorrect IAM authentication information: ${detail}`),
  bodyReadTimeout: () => err('DEFAULT_4XX', 408, 'APIG.0201', 'API request error: request body not received in time.'),
  // [U] runtime.md §1.5: no authorizer-specific code is published; see docs/fidelity.md.
  identitiesFailure: () =>
    err('AUTHORIZER_IDENTITIES_FAILURE', 401, 'APIG.0305', 'Incorrect authentication information: identity source of the custom authorizer is missing or invalid'),
  authorizerDenied: () => err('AUTHORIZER_FAILURE', 401, 'APIG.0305', 'Incorrect authentication information.'),
  authorizerConfFailure: (detail?: string) => withDetail(err('AUTHORIZER_CONF_FAILURE', 500, 'APIG.0601', 'Internal server error.'), detail),
  backendUnavailable: () => err('BACKEND_UNAVAILABLE', 502, 'APIG.0201', 'Backend unavailable.'),
  backendTimeout: () => err('BACKEND_TIMEOUT', 504, 'APIG.0201', 'Backend timeout.'),
  dnsFailure: () => err('DEFAULT_5XX', 500, 'APIG.0605', 'Domain name resolution failed.'),
  backendMissing: (detail?: string) => withDetail(err('DEFAULT_5XX', 500, 'APIG.0103', 'The backend does not exist.'), detail),
  backendConfigMissing: (detail?: string) =>
    withDetail(err('DEFAULT_5XX', 500, 'APIG.0105', 'The backend configurations do not exist.'), detail),
  internal: (detail?: string) => withDetail(err('DEFAULT_5XX', 500, 'APIG.0601', 'Internal server error.'), detail),
  // Policies (runtime.md §5). The throttling detail follows the documented wording:
  // `…: policy user over ratelimit,limit:XX,time:1 minute`.
  throttled: (kind: string, limit: number, time: string) =>
    err('THROTTLED', 429, 'APIG.0308', `The throttling threshold has been reached: policy ${kind} over ratelimit,limit:${limit},time:${time}`),
  ipDenied: () => err('ACCESS_DENIED', 403, 'APIG.0402', 'The IP address is not authorized to access the API.'),
  // [I] runtime.md §5.3: the docs give no code for account-ACL failures; APIG.0302 is the published
  // "IAM user not allowed" code, and ACCESS_DENIED the response type for access-control refusals.
  accountDenied: () => err('ACCESS_DENIED', 403, 'APIG.0302', 'The IAM user is not authorized to access the API.'),
  // [U] runtime.md §5.7: APIG.0106 "Orchestration error." is the only orchestration code published.
  orchestrationParameterNotFound: (detail: string) =>
    err('ORCHESTRATION_PARAMETER_NOT_FOUND', 400, 'APIG.0106', `Orchestration error: ${detail}`),
  orchestrationFailure: (detail: string) => err('ORCHESTRATION_FAILURE', 400, 'APIG.0106', `Orchestration error: ${detail}`),
} as const;
