/**
 * The APIG event template sent to functions (runtime.md §1.3 and §6.3): the same envelope for
 * FUNCTION backends and frontend custom authorizers, plus user_data for authorizers.
 */
import { EVENT_SHAPE_CHOICES, type EventShapeChoice } from '../../../src-shared/apig/event-shape';
import type { AuthorizerIdentity } from '../../../src-shared/model';
import type { Exchange } from '../exchange';

export interface ApigEvent {
  body?: string;
  requestContext: { apiId: string; requestId: string; stage: string; sourceIp: string };
  queryStringParameters: Record<string, string | string[]>;
  httpMethod: string;
  pathParameters: Record<string, string>;
  headers: Record<string, string>;
  path: string;
  isBase64Encoded: boolean;
  user_data?: string;
}

/**
 * [U] Header names are lower-cased (every published sample is); a repeated query parameter arrives
 * as an array (the runtime types values as string or []string); a single one as a string.
 */
export function buildApigEvent(
  exchange: Exchange,
  opts: {
    includeBody: boolean;
    base64Body: boolean;
    onlyIdentities?: readonly AuthorizerIdentity[];
    /** An authorizer's user_data (last in the event, as APIG's samples show it). */
    userData?: string;
  },
): ApigEvent {
  // The strict shape (an authorizer option): only the identity sources, as APIG's guide describes.
  const keepHeader = opts.onlyIdentities && new Set(opts.onlyIdentities.filter((i) => i.location === 'HEADER').map((i) => i.name.toLowerCase()));
  const keepQuery = opts.onlyIdentities && new Set(opts.onlyIdentities.filter((i) => i.location === 'QUERY').map((i) => i.name));
  // No prototype: names such as __proto__ are the client's, kept like any other.
  const headers: Record<string, string> = Object.create(null);
  const given = exchange.headers;
  // for…in, not Object.entries: no [name, value] pair per header (every uncached authorizer call).
  for (const name in given) {
    const value = given[name];
    if (value === undefined || (keepHeader && !keepHeader.has(name))) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string | string[]> = Object.create(null);
  for (const [name, values] of exchange.query) if (!keepQuery || keepQuery.has(name)) queryStringParameters[name] = values.length === 1 ? values[0] : values;

  const event: ApigEvent = {
    requestContext: {
      apiId: exchange.api?.id ?? '',
      requestId: exchange.requestId,
      stage: exchange.env ?? '',
      sourceIp: exchange.sourceIp,
    },
    queryStringParameters,
    httpMethod: exchange.method,
    pathParameters: Object.assign(Object.create(null), exchange.pathParams),
    headers,
    path: exchange.rawPath,
    isBase64Encoded: opts.includeBody && opts.base64Body,
  };
  if (opts.includeBody) event.body = opts.base64Body ? exchange.body.toString('base64') : exchange.body.toString('utf8');
  if (opts.userData !== undefined) event.user_data = opts.userData;
  return event;
}

/**
 * Notes, for the trace, the event-shape choices (EVENT_SHAPE_CHOICES) this request's event hit, so a
 * function that relies on one of them is told it depends on undocumented APIG behaviour.
 */
export function noteEventShape(exchange: Exchange, event: ApigEvent, who: string): void {
  const hit: [EventShapeChoice, string][] = [];
  if (exchange.rawPath.includes('%')) hit.push(['rawPath', `path ${exchange.rawPath}`]);
  if (event.body === undefined && exchange.body.length > 0) hit.push(['bodyLeftOut', `the request's ${exchange.body.length}-byte body is not in the event`]);
  const repeatedQuery = [...exchange.query].filter(([, values]) => values.length > 1).map(([name]) => name);
  if (repeatedQuery.length > 0) hit.push(['repeatedQuery', `query ${repeatedQuery.join(', ')}`]);
  const repeatedHeaders = repeatedNames(exchange.rawHeaders);
  if (repeatedHeaders.length > 0) hit.push(['repeatedHeader', `header ${repeatedHeaders.join(', ')}`]);
  for (const [choice, where] of hit) {
    const note = `Event for ${who} (${where}): ${EVENT_SHAPE_CHOICES[choice]} APIG does not document this [U].`;
    if (!exchange.fidelityNotes.includes(note)) exchange.fidelityNotes.push(note);
  }
}

/** Lower-case header names that occur more than once in Node's raw [name, value, …] list. */
function repeatedNames(rawHeaders: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (seen.has(name)) repeated.add(name);
    else seen.add(name);
  }
  return [...repeated];
}
