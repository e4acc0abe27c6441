/**
 * CORS for APIs with `cors: true` (x-apigateway-cors, runtime.md §5.5): simple responses get
 * `Access-Control-Allow-Origin: *`; an OPTIONS API (the preflight API, usually a MOCK backend)
 * answers with the full documented preflight set. A CORS header the backend already sent wins.
 */
import type { Exchange } from '../exchange';

export const CORS_SIMPLE_HEADERS: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*' };

/** Verbatim from the APIG CORS documentation (runtime.md §5.5). */
export const CORS_PREFLIGHT_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers':
    'X-Stage,X-Sdk-Date,X-Sdk-Nonce,X-Proxy-Signed-Headers,X-Sdk-Content-Sha256,X-Forwarded-For,Authorization,Content-Type,Accept,Accept-Ranges,Cache-Control,Range',
  'access-control-expose-headers':
    'X-Request-Id,X-Apig-Latency,X-Apig-Upstream-Latency,X-Apig-RateLimit-Api,X-Apig-RateLimit-User,X-Apig-RateLimit-App,X-Apig-RateLimit-Ip,X-Apig-RateLimit-Api-Allenv',
  'access-control-allow-methods': 'GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH',
  'access-control-max-age': '172800',
};

/** Adds the CORS headers the API's settings call for to `headers` (a response's), in place. */
export function applyCors(exchange: Exchange, headers: Record<string, string | string[]>): void {
  const api = exchange.api;
  if (!api?.cors) return;
  const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
  const gateway = api.method === 'OPTIONS' ? CORS_PREFLIGHT_HEADERS : CORS_SIMPLE_HEADERS;
  for (const [name, value] of Object.entries(gateway)) if (!present.has(name)) headers[name] = value;
}
