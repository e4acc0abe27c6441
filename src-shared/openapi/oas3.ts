/** OpenAPI 3.0 specifics: servers, parameter schemas, components. */
import type { FrontendProtocol } from '../model';
import type { OperationVersionReader } from './read-operation';
import { isRecord, type FieldReader, type Json } from './values';

function protocolFromServers(servers: unknown): FrontendProtocol | undefined {
  if (!Array.isArray(servers)) return undefined;
  const set = new Set<string>();
  for (const s of servers) {
    const url = isRecord(s) && typeof s.url === 'string' ? s.url.trim().toLowerCase() : '';
    if (url.startsWith('https:')) set.add('https');
    else if (url.startsWith('http:')) set.add('http');
  }
  if (set.has('http') && set.has('https')) return 'BOTH';
  if (set.has('http')) return 'HTTP';
  if (set.has('https')) return 'HTTPS';
  return undefined;
}

export const oas3Reader: OperationVersionReader = {
  version: '3.0',
  // requestBody is read for the content type and also kept verbatim (see extra.operation).
  ownKeys: new Set(['servers']),
  protocol(op: FieldReader) {
    // Operation-level servers carry the request protocol in APIG exports; the top-level servers
    // list the group domain for both protocols and are "not used" on import.
    return protocolFromServers(op.obj.servers) ?? 'HTTPS';
  },
  contentType(op: FieldReader) {
    const explicit = op.string('x-apigateway-content-type');
    if (explicit) return explicit;
    const body = op.obj.requestBody;
    const content = isRecord(body) && isRecord(body.content) ? Object.keys(body.content) : [];
    return content.length === 1 ? content[0] : undefined;
  },
  dropGenerated(rest: Json, contentType: string | undefined) {
    if (contentType && JSON.stringify(rest.requestBody) === JSON.stringify(generatedRequestBody(contentType))) delete rest.requestBody;
  },
};

/** The requestBody APIG exports for an API's content type (GEN export); nothing else is derived from it. */
export function generatedRequestBody(contentType: string): Json {
  return { content: { [contentType]: { schema: { example: '', type: 'object' } } } };
}

export const oas3Layout = {
  schemesPointer: '/components/securitySchemes',
  schemes: (root: Json) => {
    const c = root.components;
    return isRecord(c) && isRecord(c.securitySchemes) ? c.securitySchemes : undefined;
  },
  // Exports put x-apigateway-responses under components; a root-level map is read as well.
  responsesPointer: '/components/x-apigateway-responses',
  gatewayResponses: (root: Json) => {
    const c = root.components;
    return isRecord(c) && c['x-apigateway-responses'] !== undefined ? c['x-apigateway-responses'] : root['x-apigateway-responses'];
  },
  basePath: () => '',
  /** The first server URL's host[:port] (exports list the group domain once per protocol). */
  groupHost(root: Json): { host: string; pointer: string } | undefined {
    if (!Array.isArray(root.servers)) return undefined;
    for (const [i, s] of root.servers.entries()) {
      const url = isRecord(s) && typeof s.url === 'string' ? s.url.trim() : '';
      const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
      if (m) return { host: m[1], pointer: `/servers/${i}/url` };
    }
    return undefined;
  },
  knownRootKeys: new Set([
    'openapi', 'info', 'servers', 'paths', 'components', 'security', 'tags', 'externalDocs',
    'x-apigateway-responses', 'x-apigateway-ratelimits', 'x-apigateway-access-controls', 'x-apigateway-plugins', 'x-apigateway-orchestrations',
  ]),
};
