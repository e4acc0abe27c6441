/** Swagger 2.0 specifics: schemes, basePath, securityDefinitions, root x-apigateway-responses. */
import type { FrontendProtocol } from '../model';
import type { OperationVersionReader } from './read-operation';
import { isRecord, scalarText, type FieldReader, type Json } from './values';

export function protocolFromSchemes(schemes: unknown): FrontendProtocol | undefined {
  if (!Array.isArray(schemes) || schemes.length === 0) return undefined;
  // Entries that are not text name no scheme; the protocol falls back as if they were absent.
  const set = new Set(schemes.map((s) => scalarText(s)?.toLowerCase()));
  if (set.has('http') && set.has('https')) return 'BOTH';
  if (set.has('http')) return 'HTTP';
  if (set.has('https')) return 'HTTPS';
  return undefined;
}

export const swagger2Reader: OperationVersionReader = {
  version: '2.0',
  ownKeys: new Set(['schemes']),
  protocol(op: FieldReader, root: Json) {
    // REST default req_protocol is HTTPS.
    return protocolFromSchemes(op.obj.schemes) ?? protocolFromSchemes(root.schemes) ?? 'HTTPS';
  },
  contentType(op: FieldReader) {
    return op.string('x-apigateway-content-type');
  },
};

export const swagger2Layout = {
  schemesPointer: '/securityDefinitions',
  schemes: (root: Json) => (isRecord(root.securityDefinitions) ? root.securityDefinitions : undefined),
  responsesPointer: '/x-apigateway-responses',
  gatewayResponses: (root: Json) => root['x-apigateway-responses'],
  /** The group's domain as the file carries it (APIG ignores it on import; the workbench keeps it). */
  groupHost(root: Json): { host: string; pointer: string } | undefined {
    const host = scalarText(root.host)?.trim();
    return host ? { host, pointer: '/host' } : undefined;
  },
  /** basePath is merged in front of every path on import and never exported. */
  basePath(root: Json): string {
    const base = typeof root.basePath === 'string' ? root.basePath.replace(/\/+$/, '') : '';
    return base === '' || base.startsWith('/') ? base : '/' + base;
  },
  knownRootKeys: new Set([
    'swagger', 'info', 'host', 'basePath', 'schemes', 'consumes', 'produces', 'paths', 'definitions', 'parameters',
    'responses', 'securityDefinitions', 'security', 'tags', 'externalDocs',
    'x-apigateway-responses', 'x-apigateway-ratelimits', 'x-apigateway-access-controls', 'x-apigateway-plugins', 'x-apigateway-orchestrations',
  ]),
};
