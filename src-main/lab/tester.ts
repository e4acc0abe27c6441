/**
 * The request tester: sends the user's request to the LOCAL gateway from the core (so browser CORS
 * rules never get in the way) and returns the response together with the gateway's trace of it.
 */
import { request } from 'undici';
import type { SendRequestArgs, SendRequestResult } from '../../src-shared/contract';
import { RELEASE_ENV } from '../../src-shared/model';
import type { TraceRecord } from '../../src-shared/trace';
import { HostError } from '../../src-shared/host-error';

export interface TesterGateway {
  address(): { host: string; port: number; url: string } | undefined;
  getTrace(requestId: string): Promise<TraceRecord | undefined>;
}

/** Responses beyond this are cut: the tester shows them, it does not download files. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * What the core sends: the contract's `sendRequest` arguments, but any method, because test events
 * and suites may name one the tester's form (and so the contract) does not offer.
 */
export type GatewayRequest = Omit<SendRequestArgs, 'method'> & { method: string };

export async function sendThroughGateway(gateway: TesterGateway, args: GatewayRequest): Promise<SendRequestResult> {
  const address = gateway.address();
  if (!address) throw new HostError('unavailable', 'the local gateway is not running: start it, then send again');

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(args.headers ?? {})) {
    if (name.trim() !== '') headers[name.trim().toLowerCase()] = value;
  }
  const { path, host } = targetOf(args.url);
  // A full URL's host picks the API group by domain, as the real gateway would; an explicit Host wins.
  if (host && headers.host === undefined) headers.host = host;
  if (args.env && args.env !== RELEASE_ENV && headers['x-stage'] === undefined) headers['x-stage'] = args.env;

  const hasBody = args.body !== undefined && args.body !== '' && args.method !== 'GET' && args.method !== 'HEAD';
  let body: Buffer | undefined;
  if (hasBody) body = args.bodyEncoding === 'base64' ? Buffer.from(args.body!, 'base64') : Buffer.from(args.body!, 'utf8');

  const started = performance.now();
  let response;
  try {
    response = await request(address.url + path, {
      method: args.method,
      headers,
      body,
      headersTimeout: 120_000,
      bodyTimeout: 120_000,
    });
  } catch (error) {
    throw new HostError('unavailable', `request to the local gateway failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const bytes = await readCapped(response.body, MAX_RESPONSE_BYTES);
  const durationMs = Math.round((performance.now() - started) * 10) / 10;

  const responseHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const requestId = responseHeaders['x-request-id'];
  const trace = requestId ? await gateway.getTrace(requestId) : undefined;
  const text = decodeUtf8(bytes);
  return {
    status: response.statusCode,
    headers: responseHeaders,
    body: text ?? bytes.toString('base64'),
    bodyEncoding: text === undefined ? 'base64' : 'text',
    durationMs,
    requestId,
    trace,
  };
}

/** `/path?q` or `http(s)://host[:port]/path?q` → the path to send and the Host to send it with. */
export function targetOf(url: string): { path: string; host?: string } {
  const trimmed = url.trim();
  if (trimmed.startsWith('/')) return { path: trimmed };
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    throw new HostError('invalid-argument', `url '${url}' is neither a path starting with / nor a valid URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HostError('invalid-argument', `url '${url}': only http and https URLs can be sent`);
  }
  return { path: `${parsed.pathname}${parsed.search}`, host: parsed.host };
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

async function readCapped(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > limit) {
      chunks.push(chunk.subarray(0, limit - size));
      // Stop reading; undici frees the socket when the iterator is abandoned.
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}
