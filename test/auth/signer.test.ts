import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalUri,
  EMPTY_BODY_SHA256,
  firstDifference,
  flattenCanonicalRequest,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  signaturesEqual,
  signRequest,
} from '../../src-shared/apig/app-signature';
import { pureCrypto } from '../../src-shared/apig/sha256';
import { pythonSign } from './python-signer';

const KEY = 'demo_key_1';
const SECRET = 'demo_secret_1';
const DATE = new Date(Date.UTC(2023, 4, 27, 1, 54, 31));

describe('SDK-HMAC-SHA256 signer: known answers from python3 hmac/hashlib', () => {
  it('canonical request, string-to-sign and signature of a POST with repeated query values and mixed-case headers', () => {
    const body = '{"k":"v"}';
    const signed = signRequest({
      method: 'post',
      url: 'http://api.example.com/app1/v1?b=2&a=3&a=1&c',
      headers: { 'X-Custom': '  padded  ', 'Content-Type': 'application/json' },
      body,
      appKey: KEY,
      appSecret: SECRET,
      date: DATE,
    });
    const py = pythonSign({
      method: 'POST',
      path: '/app1/v1',
      query: 'b=2&a=3&a=1&c',
      headers: { host: 'api.example.com', 'content-type': 'application/json', 'x-custom': '  padded  ', 'x-sdk-date': '20230527T015431Z' },
      body,
      key: KEY,
      secret: SECRET,
    });
    // Written out by hand from runtime.md §4.2: trailing slash added, a=1 before a=3, c=, headers
    // lower-cased, sorted and trimmed, blank line after the header block, body hash last.
    const expected = [
      'POST',
      '/app1/v1/',
      'a=1&a=3&b=2&c=',
      'content-type:application/json',
      'host:api.example.com',
      'x-custom:padded',
      'x-sdk-date:20230527T015431Z',
      '',
      'content-type;host;x-custom;x-sdk-date',
      py.bodySha256,
    ].join('\n');
    expect(signed.canonicalRequest).toBe(expected);
    expect(py.canonicalRequest).toBe(expected);
    expect(signed.stringToSign).toBe(py.stringToSign);
    expect(signed.stringToSign.split('\n').slice(0, 2)).toEqual(['SDK-HMAC-SHA256', '20230527T015431Z']);
    expect(signed.signature).toBe(py.signature);
    expect(signed.headers['Authorization']).toBe(py.authorization);
    expect(signed.headers['Authorization']).toBe(
      `SDK-HMAC-SHA256 Access=${KEY}, SignedHeaders=content-type;host;x-custom;x-sdk-date, Signature=${py.signature}`,
    );
  });

  it('an empty body hashes to e3b0c442… and a GET signs host and x-sdk-date only', () => {
    const signed = signRequest({ method: 'GET', url: 'http://h.example.com:8080/test', appKey: KEY, appSecret: SECRET, date: DATE });
    expect(signed.canonicalRequest).toBe(['GET', '/test/', '', 'host:h.example.com:8080', 'x-sdk-date:20230527T015431Z', '', 'host;x-sdk-date', EMPTY_BODY_SHA256].join('\n'));
    const py = pythonSign({ method: 'GET', path: '/test', headers: { host: 'h.example.com:8080', 'x-sdk-date': '20230527T015431Z' }, key: KEY, secret: SECRET });
    expect(py.bodySha256).toBe(EMPTY_BODY_SHA256);
    expect(signed.signature).toBe(py.signature);
  });

  it('path segments are decoded and re-encoded per RFC 3986; query values too (space, *, +)', () => {
    const signed = signRequest({
      method: 'GET',
      url: 'http://h/files/a%20b/%C3%BC(1)?q=x+y*&z=%2F',
      appKey: KEY,
      appSecret: SECRET,
      date: DATE,
    });
    expect(signed.canonicalRequest.split('\n').slice(0, 3)).toEqual(['GET', '/files/a%20b/%C3%BC%281%29/', 'q=x%20y%2A&z=%2F']);
    const py = pythonSign({ method: 'GET', path: '/files/a%20b/%C3%BC(1)', query: 'q=x+y*&z=%2F', headers: { host: 'h', 'x-sdk-date': '20230527T015431Z' }, key: KEY, secret: SECRET });
    expect(signed.canonicalRequest).toBe(py.canonicalRequest);
    expect(signed.signature).toBe(py.signature);
  });

  it('X-Sdk-Content-Sha256 replaces the body hash (UNSIGNED-PAYLOAD)', () => {
    const signed = signRequest({
      method: 'PUT',
      url: 'http://h/up',
      headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
      body: 'a large body the client does not want to hash',
      appKey: KEY,
      appSecret: SECRET,
      date: DATE,
    });
    expect(signed.canonicalRequest.split('\n').at(-1)).toBe('UNSIGNED-PAYLOAD');
    const py = pythonSign({
      method: 'PUT',
      path: '/up',
      headers: { host: 'h', 'x-sdk-date': '20230527T015431Z', 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' },
      body: 'a large body the client does not want to hash',
      key: KEY,
      secret: SECRET,
    });
    expect(signed.signature).toBe(py.signature);
  });

  it('only the chosen headers are signed, but host and x-sdk-date always are', () => {
    const signed = signRequest({
      method: 'GET',
      url: 'http://h/x',
      headers: { Accept: 'text/plain', 'X-B': '1' },
      signedHeaders: ['X-B'],
      appKey: KEY,
      appSecret: SECRET,
      date: DATE,
    });
    expect(signed.signedHeaders).toEqual(['host', 'x-b', 'x-sdk-date']);
    expect(signed.headers['Accept']).toBe('text/plain');
  });

  it('the AppSecret is the raw HMAC key (no derivation): HMAC(secret, stringToSign) computed by node:crypto agrees', () => {
    const signed = signRequest({ method: 'GET', url: 'http://h/', appKey: KEY, appSecret: SECRET, date: DATE });
    expect(signed.signature).toBe(createHmac('sha256', SECRET).update(signed.stringToSign).digest('hex'));
  });
});

describe('signer helpers', () => {
  it('canonicalUri always ends with /', () => {
    expect(canonicalUri('/app1')).toBe('/app1/');
    expect(canonicalUri('/app1/')).toBe('/app1/');
    expect(canonicalUri('')).toBe('/');
  });

  it('parses the Authorization header and names what is missing', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=k1234567, SignedHeaders=host;x-sdk-date, Signature=ab')).toEqual({
      ok: true,
      access: 'k1234567',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: 'ab',
    });
    expect(parseAuthorization('Bearer xyz')).toMatchObject({ ok: false, problem: expect.stringContaining('does not start with "SDK-HMAC-SHA256 "') });
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=k')).toMatchObject({ ok: false, problem: 'the Authorization header has no SignedHeaders, Signature' });
  });

  it('X-Sdk-Date round-trips and impossible dates are rejected', () => {
    expect(formatSdkDate(DATE)).toBe('20230527T015431Z');
    expect(parseSdkDate('20230527T015431Z')).toBe(DATE.getTime());
    expect(parseSdkDate('20230231T000000Z')).toBeUndefined();
    expect(parseSdkDate('2023-05-27T01:54:31Z')).toBeUndefined();
  });

  it('flattens the canonical request the way APIG prints it', () => {
    const c = ['GET', '/test/', '', 'host:h', 'x-sdk-date:20230527T015431Z', '', 'host;x-sdk-date', EMPTY_BODY_SHA256].join('\n');
    expect(flattenCanonicalRequest(c)).toBe(`GET|/test/||host:h|x-sdk-date:20230527T015431Z||host;x-sdk-date|${EMPTY_BODY_SHA256}`);
  });

  it('firstDifference points at the first differing character with line and column', () => {
    expect(firstDifference('GET\n/a/\nx', 'GET\n/a/\ny')).toEqual({ index: 8, line: 3, column: 1 });
    expect(firstDifference('GET\n/a/', 'GET\n/ab/')).toEqual({ index: 6, line: 2, column: 3 });
    expect(firstDifference('same', 'same')).toBeUndefined();
  });

  it('signaturesEqual compares case-insensitively and rejects different lengths', () => {
    expect(signaturesEqual('ABcd', 'abcd')).toBe(true);
    expect(signaturesEqual('abcd', 'abc')).toBe(false);
    expect(signaturesEqual('abcd', 'abce')).toBe(false);
  });

  it('the pure SHA-256/HMAC agree with node:crypto on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ maxLength: 100 }), (text, key) => {
        expect(pureCrypto.sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
        expect(pureCrypto.hmacSha256Hex(key, text)).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
      }),
      { numRuns: 200 },
    );
  });
});
