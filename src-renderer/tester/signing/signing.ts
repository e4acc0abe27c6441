/**
 * Credentials in the tester: sign the form's request with an app (SDK-HMAC-SHA256, with the same
 * pure signer the gateway verifies with), or put an AppCode / IAM token header on it. Runs in the
 * renderer: the signature must cover the request exactly as the core will send it to the gateway.
 */
import { signRequest } from '../../../src-shared/apig/app-signature';
import type { App } from '../../../src-shared/model';
import type { AuthenticationDetail } from '../../../src-shared/trace';
import { toCurl } from '../curl';
import { formToCurl, fullUrl, type RequestForm } from '../requestForm';

export type Credential =
  | { kind: 'none' }
  | { kind: 'app'; appId: string }
  | { kind: 'appcode'; appId: string; codeId: string }
  | { kind: 'iam'; tokenId: string };

/** What the client signed: compared with the gateway's side when the signature is refused. */
export interface ClientSigning {
  appName: string;
  appKey: string;
  signedHeaders: string[];
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** Headers the signer writes; an earlier signature's are replaced, never signed again. */
const SIGNATURE_HEADERS = ['authorization', 'x-sdk-date'];

/** Sets (or adds) one header row, case-insensitively, keeping the others in place. */
export function withHeader(form: RequestForm, name: string, value: string): RequestForm {
  const at = form.headers.findIndex((h) => h.key.trim().toLowerCase() === name.toLowerCase());
  const row = { key: name, value, enabled: true };
  const headers = at < 0 ? [...form.headers, row] : form.headers.map((h, i) => (i === at ? row : h));
  return { ...form, headers };
}

/** The absolute URL the gateway will see (the core sends a path to the local gateway's address). */
export function absoluteUrl(form: RequestForm, gatewayUrl: string): string {
  const url = fullUrl(form);
  if (/^https?:\/\//i.test(url)) return url;
  return gatewayUrl.replace(/\/$/, '') + (url.startsWith('/') ? url : `/${url}`);
}

/** Whether the core sends a body for this method (it drops it for GET and HEAD). */
const sendsBody = (form: RequestForm) => form.body !== '' && form.method !== 'GET' && form.method !== 'HEAD';

/**
 * Signs the form with the app: every enabled header plus Host and X-Sdk-Date is signed, and the
 * returned form carries the new X-Sdk-Date and Authorization rows.
 */
export function signForm(form: RequestForm, gatewayUrl: string, app: App, date = new Date()): { form: RequestForm; signing: ClientSigning } {
  const rows = form.headers.filter((h) => !SIGNATURE_HEADERS.includes(h.key.trim().toLowerCase()));
  const headers: Record<string, string> = {};
  for (const row of rows) if (row.enabled && row.key.trim()) headers[row.key.trim()] = row.value;
  const signed = signRequest({
    method: form.method,
    url: absoluteUrl(form, gatewayUrl),
    headers,
    body: sendsBody(form) ? form.body : '',
    appKey: app.appKey,
    appSecret: app.appSecret,
    date,
  });
  const next = withHeader(withHeader({ ...form, headers: rows }, 'X-Sdk-Date', signed.headers['X-Sdk-Date']), 'Authorization', signed.headers['Authorization']);
  return {
    form: next,
    signing: {
      appName: app.name,
      appKey: app.appKey,
      signedHeaders: signed.signedHeaders,
      canonicalRequest: signed.canonicalRequest,
      stringToSign: signed.stringToSign,
      signature: signed.signature,
    },
  };
}

/** A curl command carrying a fresh signature (Authorization and X-Sdk-Date computed now). */
export function signedCurl(form: RequestForm, gatewayUrl: string, app: App, date = new Date()): string {
  return toCurl(formToCurl(signForm(form, gatewayUrl, app, date).form, gatewayUrl));
}

/** The gateway's side of a refused signature, from the trace's authentication stage. */
export type GatewaySigning = Required<Pick<AuthenticationDetail, 'canonicalRequest' | 'stringToSign'>> &
  Pick<AuthenticationDetail, 'clientSignature' | 'expectedSignature' | 'appName'>;

/** Undefined unless the gateway got as far as computing its canonical request and string to sign. */
export function gatewaySigningOf(detail: AuthenticationDetail | undefined): GatewaySigning | undefined {
  if (detail?.canonicalRequest === undefined || detail.stringToSign === undefined) return undefined;
  return {
    canonicalRequest: detail.canonicalRequest,
    stringToSign: detail.stringToSign,
    clientSignature: detail.clientSignature,
    expectedSignature: detail.expectedSignature,
    appName: detail.appName,
  };
}
