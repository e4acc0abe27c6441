/** The tester's signer: what it signs must be what the core sends to the gateway. */
import { describe, expect, it } from 'vitest';
import { canonicalRequest, payloadHashFor, signature, splitUrl, stringToSign } from '../../src-shared/apig/app-signature';
import type { App } from '../../src-shared/model';
import { signedCurl, signForm, withHeader } from '../../src-renderer/tester/signing/signing';
import { EMPTY_FORM, type RequestForm } from '../../src-renderer/tester/requestForm';

const app: App = { id: 'a1', name: 'demo', description: '', appKey: 'key12345678', appSecret: 'secret12345678', appCodes: [], createdAt: '', updatedAt: '' };
const GATEWAY = 'http://127.0.0.1:8787';
const date = new Date('2026-01-02T03:04:05Z');

/** Verifies like the gateway: rebuild the canonical request from the sent headers and compare signatures. */
function gatewayAccepts(form: RequestForm, body: string): boolean {
  const headers: Record<string, string> = { host: '127.0.0.1:8787' };
  for (const h of form.headers) if (h.enabled) headers[h.key.toLowerCase()] = h.value;
  const auth = /SignedHeaders=([^,]+), Signature=(\w+)/.exec(headers.authorization)!;
  const { path, query } = splitUrl(form.url + (form.query.length ? '?' + form.query.map((q) => `${q.key}=${q.value}`).join('&') : ''));
  const canonical = canonicalRequest({ method: form.method, path, query, headers, signedHeaders: auth[1].split(';'), payloadHash: payloadHashFor(headers, body) });
  return signature(app.appSecret, stringToSign(headers['x-sdk-date'], canonical)) === auth[2];
}

describe('tester signing', () => {
  it('signs every enabled header plus host and x-sdk-date, and the gateway-side check accepts it', () => {
    const form: RequestForm = { ...EMPTY_FORM, method: 'POST', url: '/orders', query: [{ key: 'b', value: '2', enabled: true }], headers: [{ key: 'X-Trace', value: 'one', enabled: true }, { key: 'X-Off', value: 'x', enabled: false }], body: '{"a":1}' };
    const { form: signed, signing } = signForm(form, GATEWAY, app, date);
    expect(signing.signedHeaders).toEqual(['host', 'x-sdk-date', 'x-trace']);
    expect(signed.headers.find((h) => h.key === 'X-Sdk-Date')?.value).toBe('20260102T030405Z');
    expect(gatewayAccepts(signed, form.body)).toBe(true);
    // A header changed after signing no longer verifies.
    expect(gatewayAccepts(withHeader(signed, 'X-Trace', 'two'), form.body)).toBe(false);
  });

  it('replaces an earlier signature instead of signing it, and ignores the body of a GET as the core drops it', () => {
    const first = signForm({ ...EMPTY_FORM, url: '/a', body: 'ignored' }, GATEWAY, app, date).form;
    const again = signForm(first, GATEWAY, app, new Date('2026-01-02T03:04:06Z'));
    expect(again.form.headers.filter((h) => h.key.toLowerCase() === 'authorization')).toHaveLength(1);
    expect(again.signing.signedHeaders).toEqual(['host', 'x-sdk-date']);
    expect(again.signing.canonicalRequest.endsWith('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(true);
  });

  it('copies a curl command carrying the computed Authorization and X-Sdk-Date', () => {
    const command = signedCurl({ ...EMPTY_FORM, url: '/status' }, GATEWAY, app, date);
    expect(command).toContain(`${GATEWAY}/status`);
    expect(command).toContain("'X-Sdk-Date: 20260102T030405Z'");
    expect(command).toMatch(/'Authorization: SDK-HMAC-SHA256 Access=key12345678, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}'/);
  });
});
