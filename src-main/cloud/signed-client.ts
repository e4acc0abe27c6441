/**
 * HTTP calls to the management APIs, signed SDK-HMAC-SHA256 with the user's AK/SK by the project's
 * one signer (src-shared/apig/app-signature.ts; the official SDK core signs the same way:
 * `Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=…, Signature=…` plus X-Sdk-Date,
 * X-Project-Id for project-scoped services and X-Security-Token with temporary keys).
 * Multipart uploads sign `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` and leave Content-Type unsigned,
 * as the SDK core does.
 */
import { randomBytes } from 'node:crypto';
import { signRequest } from '../../src-shared/apig/app-signature';
import { nodeSignerCrypto } from '../platform/node-signer-crypto';
import type { CloudCredentials } from './credentials';

/** The cloud answered a request with an error (or did not answer). */
export class CloudApiError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${operation}: ${status ? `HTTP ${status} ` : ''}${code ? `${code} ` : ''}${detail}`.trim());
    this.name = 'CloudApiError';
  }
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as multipart/form-data: text fields, and one file. */
  form?: { fields: Record<string, string>; file: { field: string; name: string; content: string; type: string } };
}

/** One logged call: what a deploy did on the cloud (no keys, no bodies). */
export interface CallRecord {
  operation: string;
  method: string;
  path: string;
  status: number;
}

/** One management call may take this long (a large import or upload included) before it counts as failed. */
export const CALL_TIMEOUT_MS = 120_000;

export class SignedClient {
  readonly calls: CallRecord[] = [];

  constructor(
    private readonly origin: string,
    private readonly credentials: CloudCredentials,
    private readonly projectId: string,
  ) {}

  /** Calls the API and returns the raw response text (2xx), or throws CloudApiError. */
  async call(operation: string, method: string, path: string, options: CallOptions = {}): Promise<string> {
    const query = Object.entries(options.query ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const url = `${this.origin}${path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { 'X-Project-Id': this.projectId };
    if (this.credentials.securityToken) headers['X-Security-Token'] = this.credentials.securityToken;
    let body: string | Buffer | undefined;
    let signedHeaders: string[] | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['Content-Type'] = 'application/json;charset=UTF-8';
    } else if (options.form) {
      const boundary = `----apig-workbench-${randomBytes(12).toString('hex')}`;
      body = multipartBody(boundary, options.form);
      headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`;
      headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
      signedHeaders = Object.keys(headers).filter((h) => h.toLowerCase() !== 'content-type');
    }
    const signed = signRequest({
      method,
      url,
      headers,
      body: body ?? '',
      appKey: this.credentials.ak,
      appSecret: this.credentials.sk,
      signedHeaders,
      crypto: nodeSignerCrypto,
    });
    const sendHeaders = { ...signed.headers };
    delete sendHeaders.Host; // fetch sets Host from the URL; it is the same value that was signed
    let response: Response;
    try {
      response = await fetch(url, { method, headers: sendHeaders, body: typeof body === 'string' || body === undefined ? body : new Uint8Array(body), signal: AbortSignal.timeout(CALL_TIMEOUT_MS) });
    } catch (error) {
      this.calls.push({ operation, method, path, status: 0 });
      throw new CloudApiError(operation, 0, '', `could not reach ${this.origin}: ${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}`);
    }
    const text = await response.text();
    this.calls.push({ operation, method, path, status: response.status });
    if (response.ok) return text;
    let code = '';
    let detail = text.slice(0, 500);
    try {
      const parsed = JSON.parse(text) as { error_code?: string; error_msg?: string };
      code = parsed.error_code ?? '';
      detail = parsed.error_msg ?? detail;
    } catch {
      // not JSON: keep the text
    }
    throw new CloudApiError(operation, response.status, code, detail);
  }

  async json<T>(operation: string, method: string, path: string, options: CallOptions = {}): Promise<T> {
    const text = await this.call(operation, method, path, options);
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new CloudApiError(operation, 200, '', `the answer is not JSON: ${text.slice(0, 200)}`);
    }
  }
}

function multipartBody(boundary: string, form: NonNullable<CallOptions['form']>): Buffer {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(form.fields)) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  const { field, name, content, type } = form.file;
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}
