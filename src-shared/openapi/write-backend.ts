/** A backend (default or policy) -> the x-apigateway-backend shape APIG exports (openapi.md §6.2). */
import type { Backend } from '../model';
import type { ApiExtra } from './plan';
import { ENDPOINT_KEY } from './read-backend';
import { cloneJson, type Json } from './values';

/** `extra` holds the fields the model has no place for, written back unchanged. */
export function writeBackend(backend: Backend, extra: Pick<ApiExtra, 'backend' | 'endpoint'>): Json {
  const out: Json = {};
  let type: keyof typeof ENDPOINT_KEY;
  let endpoint: Json;
  switch (backend.type) {
    case 'HTTP': {
      type = backend.vpcChannel ? 'HTTP-VPC' : 'HTTP';
      endpoint = {};
      if (!backend.vpcChannel) endpoint.address = backend.address;
      endpoint.description = '';
      endpoint.enableClientSsl = backend.enableClientSsl ?? false;
      if (backend.vpcChannel?.proxyHost !== undefined) endpoint.host = backend.vpcChannel.proxyHost;
      endpoint.method = backend.method;
      if (backend.vpcChannel) endpoint.name = backend.vpcChannel.name;
      endpoint.path = backend.path;
      endpoint.retryCount = String(backend.retryCount);
      endpoint.scheme = backend.protocol.toLowerCase();
      endpoint.timeout = backend.timeoutMs;
      break;
    }
    case 'FUNCTION':
      type = 'FUNCTION';
      endpoint = {
        'alias-urn': backend.aliasUrn ?? '',
        description: '',
        'function-urn': backend.functionUrn,
        'invocation-type': backend.invocationType,
        'network-type': backend.networkType,
        timeout: backend.timeoutMs,
        version: backend.version ?? '',
      };
      break;
    case 'MOCK':
      type = 'MOCK';
      endpoint = { description: '', 'result-content': backend.body };
      break;
  }
  Object.assign(endpoint, cloneJson(extra.endpoint ?? {}));
  out[ENDPOINT_KEY[type]] = endpoint;
  if (backend.params.length) {
    out.parameters = backend.params.map((p) => ({
      description: p.description ?? '',
      in: p.location,
      name: p.name,
      origin: p.origin,
      value: p.value,
    }));
  }
  out.type = type;
  for (const [k, v] of Object.entries(extra.backend ?? {})) if (!(k in out)) out[k] = cloneJson(v);
  return out;
}
