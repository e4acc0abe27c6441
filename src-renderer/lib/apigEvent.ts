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
    if (identity.location === 'HEADER') headers[identity.name.toLowerCase()] = placeholder(identity);
    else query[identity.name] = placeholder(identity);
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

const placeholder = (identity: AuthorizerIdentity) => `${identity.name}-value`;

/**
 * The user's edited event text brought in line with the authorizer's identity sources, keeping what
 * the user typed: a source that is gone (or renamed: `previous` is the list before the change) loses
 * its entry while it still holds the untouched placeholder, and each current source the event lacks
 * gets a placeholder. Returns the text unchanged when nothing changes or the text is not a JSON object
 * (the user is mid-edit).
 */
export function withIdentities(eventText: string, identities: readonly AuthorizerIdentity[], previous: readonly AuthorizerIdentity[] = []): string {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch {
    return eventText;
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) return eventText;
  const e = event as Record<string, unknown>;
  const table = (identity: AuthorizerIdentity): Record<string, unknown> => {
    const name = identity.location === 'HEADER' ? 'headers' : 'queryStringParameters';
    const t = e[name];
    if (t && typeof t === 'object' && !Array.isArray(t)) return t as Record<string, unknown>;
    return (e[name] = {});
  };
  const keyOf = (identity: AuthorizerIdentity) => (identity.location === 'HEADER' ? identity.name.toLowerCase() : identity.name);
  const has = (t: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(t, key);
  const current = new Set(identities.map((i) => `${i.location}:${keyOf(i)}`));
  let changed = false;
  for (const old of previous) {
    if (!old.name || current.has(`${old.location}:${keyOf(old)}`)) continue;
    const t = table(old);
    if (has(t, keyOf(old)) && t[keyOf(old)] === placeholder(old)) {
      delete t[keyOf(old)];
      changed = true;
    }
  }
  for (const identity of identities) {
    if (!identity.name) continue;
    const t = table(identity);
    if (has(t, keyOf(identity))) continue;
    t[keyOf(identity)] = placeholder(identity);
    changed = true;
  }
  return changed ? JSON.stringify(e, null, 2) : eventText;
}
