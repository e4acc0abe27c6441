/**
 * A ready-to-edit APIG event for the authorizer "Test" button, shaped like APIG's
 * apig-event-template (runtime.md §1.3): lower-cased headers, requestContext, user_data, and the
 * authorizer's identity sources filled with placeholder values so a first run gets past them.
 */
import type { AuthorizerIdentity } from '../../src-shared/model';

export interface EventTemplateInput {
  identities: AuthorizerIdentity[];
  userData: string;
  needBody: boolean;
}

export function apigEventTemplate(input: EventTemplateInput): Record<string, unknown> {
  const headers: Record<string, string> = {
    accept: '*/*',
    host: 'localhost',
    'user-agent': 'apig-workbench',
    'x-forwarded-for': '127.0.0.1',
    'x-forwarded-port': '80',
    'x-forwarded-proto': 'http',
    'x-real-ip': '127.0.0.1',
  };
  const query: Record<string, string> = {};
  for (const identity of input.identities) {
    if (identity.location === 'HEADER') headers[identity.name.toLowerCase()] = `${identity.name}-value`;
    else query[identity.name] = `${identity.name}-value`;
  }
  const event: Record<string, unknown> = {
    requestContext: { apiId: 'test-api', requestId: 'test-request', stage: 'RELEASE', sourceIp: '127.0.0.1' },
    queryStringParameters: query,
    httpMethod: 'GET',
    pathParameters: {},
    headers,
    path: '/apig-event-template',
    isBase64Encoded: input.needBody,
    user_data: input.userData,
  };
  // The body is only sent to an authorizer with need_body; Base64 like the gateway does by default.
  if (input.needBody) event.body = btoa('{"test":"body"}');
  return event;
}
