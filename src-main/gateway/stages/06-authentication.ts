/**
 * Pipeline stage: authentication by the API's auth type (runtime.md §4): APP (SDK-HMAC-SHA256
 * signature or AppCode) followed by the app's authorization for the API in the environment, or
 * IAM (X-Auth-Token checked against the workspace's local token table). NONE and AUTHORIZER skip
 * it; a frontend authorizer on an APP/IAM API (two-factor) runs in the next stage.
 *
 * Secrets stay out of the trace: the AppSecret, AppCodes and tokens appear masked only.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Api, App } from '../../../src-shared/model';
import { Errors, type GatewayError } from '../../../src-shared/apig/errors';
import {
  canonicalRequest,
  EMPTY_BODY_SHA256,
  flattenCanonicalRequest,
  formatSdkDate,
  headerOf,
  parseAuthorization,
  parseSdkDate,
  payloadHashFor,
  SDK_DATE_TOLERANCE_MS,
  SIGNING_ALGORITHM,
  signature,
  signaturesEqual,
  stringToSign,
} from '../../../src-shared/apig/app-signature';
import { maskSecret } from '../../../src-shared/rules/app';
import { nodeSignerCrypto } from '../../platform/node-signer-crypto';
import type { AuthenticationDetail } from '../../../src-shared/trace';
import { addStage, GatewayFailure, headerValue, type Exchange } from '../exchange';
import { appAuthorizationKey, type CompiledView } from '../view/compiled-view';

export interface AuthenticationOptions {
  /**
   * Accept X-Apig-AppCode over the local gateway's plain HTTP. APIG accepts AppCodes over HTTPS
   * only, so this is off by default; turn it on to try AppCode clients locally.
   */
  appCodeOverHttp: boolean;
  /** The gateway parameters app_api_key, app_basic and app_secret: further ways to present an app's credentials. */
  appModes: { apiKey: boolean; basic: boolean; secret: boolean };
  /** The gateway's clock in epoch ms (X-Sdk-Date window, token expiry). */
  now?: () => number;
}

export const APP_CODE_HEADER = 'x-apig-appcode';
export const AUTH_TOKEN_HEADER = 'x-auth-token';

type Detail = AuthenticationDetail;

const authType = (type: string) => `auth type ${type}`;

export function authenticationStage(exchange: Exchange, view: CompiledView, options: AuthenticationOptions): void {
  const started = performance.now();
  const api = exchange.api!;
  if (api.authType === 'NONE' || api.authType === 'AUTHORIZER') {
    // Most requests: nothing to verify, so no per-request helpers either.
    addStage(exchange, 'authentication', 'skip', authType, started, undefined, api.authType);
    return;
  }
  const fail = (summary: string, error: GatewayError, detail?: Detail): never => {
    addStage(exchange, 'authentication', 'fail', summary, started, detail);
    throw new GatewayFailure(error);
  };
  const pass = (summary: string, detail: Detail) => addStage(exchange, 'authentication', 'ok', summary, started, detail);

  switch (api.authType) {
    case 'APP':
      return authenticateApp(exchange, api, view, options, fail, pass);
    case 'IAM':
      return authenticateIam(exchange, view, options, fail, pass);
  }
}

type Fail = (summary: string, error: GatewayError, detail?: Detail) => never;
type Pass = (summary: string, detail: Detail) => void;

function authenticateApp(exchange: Exchange, api: Api, view: CompiledView, options: AuthenticationOptions, fail: Fail, pass: Pass): void {
  const authorization = headerValue(exchange.headers, 'authorization');
  const appCode = headerValue(exchange.headers, APP_CODE_HEADER);
  // A signed request works on an AppCode-enabled API too (§4.3); the signature wins when both are sent.
  const signed = authorization?.trim().startsWith(SIGNING_ALGORITHM + ' ');
  const basic = /^basic\s/i.test(authorization?.trim() ?? '');
  if (basic && !signed) return verifyBasic(exchange, api, view, options, authorization!, fail, pass);
  if (authorization && (signed || !appCode)) return verifySignature(exchange, api, view, options, authorization, fail, pass);
  if (appCode) return verifyAppCode(exchange, api, view, options, appCode, fail, pass);
  const hwId = headerValue(exchange.headers, 'x-hw-id');
  if (hwId !== undefined) return verifyHwHeaders(exchange, api, view, options, hwId, fail, pass);
  const apiKey = headerValue(exchange.headers, API_KEY_NAME) ?? exchange.query.get(API_KEY_NAME)?.[0];
  if (apiKey !== undefined) return verifyApiKey(exchange, api, view, options, apiKey, fail, pass);
  fail(
    api.appCodeAuth
      ? 'APP authentication: neither an Authorization (SDK-HMAC-SHA256) nor an X-Apig-AppCode header was sent → AUTH_HEADER_MISSING'
      : 'APP authentication: no Authorization header (SDK-HMAC-SHA256) was sent → AUTH_HEADER_MISSING',
    Errors.appCredentialsMissing(),
    { method: 'signature' },
  );
}

/** [U] The name APIG reads the key from with app_api_key (header or query); the guides call it "apikey". */
export const API_KEY_NAME = 'apikey';

/** The app with this key and secret, or a failure naming which of the two is wrong. */
function appByKeyAndSecret(view: CompiledView, key: string, secret: string, what: string, base: Detail, fail: Fail): App {
  const app = view.appsByKey.get(key);
  if (!app) fail(`${what}: no app has the AppKey ${key} → AUTH_FAILURE`, Errors.appAuthFailure(`app not found, appkey ${key}`), base);
  if (!secretsEqual(secret, app!.appSecret)) fail(`${what}: the AppSecret given is not app ${app!.name}'s → AUTH_FAILURE`, Errors.appAuthFailure('app secret is incorrect'), { ...base, appName: app!.name });
  return app!;
}

/** Exact (case-sensitive) comparison that takes the same time wherever the texts differ. */
function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Gateway parameter app_basic: Authorization: Basic base64(AppKey:AppSecret). */
function verifyBasic(exchange: Exchange, api: Api, view: CompiledView, options: AuthenticationOptions, authorization: string, fail: Fail, pass: Pass): void {
  const base: Detail = { method: 'app_basic' };
  if (!options.appModes.basic)
    fail('APP authentication: Authorization: Basic was sent, but the gateway parameter app_basic is off (turn it on in Gateway settings) → AUTH_FAILURE', Errors.appAuthFailure('authorization header format error'), base);
  const decoded = Buffer.from(authorization.trim().slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) fail('APP app_basic: the Basic credentials are not base64(AppKey:AppSecret) → AUTH_FAILURE', Errors.appAuthFailure('authorization header format error'), base);
  const key = decoded.slice(0, colon);
  base.appKey = key;
  base.appSecret = maskSecret(decoded.slice(colon + 1));
  const app = appByKeyAndSecret(view, key, decoded.slice(colon + 1), 'APP app_basic', base, fail);
  checkAuthorized(exchange, api, view, app, `Basic credentials of app ${app.name} accepted (app_basic)`, { ...base, appName: app.name }, fail, pass);
}

/** Gateway parameter app_secret: X-HW-ID (AppKey) and X-HW-AppKey (AppSecret). */
function verifyHwHeaders(exchange: Exchange, api: Api, view: CompiledView, options: AuthenticationOptions, key: string, fail: Fail, pass: Pass): void {
  const base: Detail = { method: 'app_secret', appKey: key };
  if (!options.appModes.secret)
    fail('APP authentication: X-HW-ID was sent, but the gateway parameter app_secret is off (turn it on in Gateway settings) → AUTH_HEADER_MISSING', Errors.appCredentialsMissing(), base);
  const secret = headerValue(exchange.headers, 'x-hw-appkey');
  if (secret === undefined) fail('APP app_secret: X-HW-ID was sent without X-HW-AppKey (the AppSecret) → AUTH_FAILURE', Errors.appAuthFailure('x-hw-appkey not found'), base);
  base.appSecret = maskSecret(secret!);
  const app = appByKeyAndSecret(view, key, secret!, 'APP app_secret', base, fail);
  checkAuthorized(exchange, api, view, app, `X-HW-ID/X-HW-AppKey of app ${app.name} accepted (app_secret)`, { ...base, appName: app.name }, fail, pass);
}

/** Gateway parameter app_api_key: the AppKey alone, in an apikey header or query parameter. */
function verifyApiKey(exchange: Exchange, api: Api, view: CompiledView, options: AuthenticationOptions, key: string, fail: Fail, pass: Pass): void {
  const base: Detail = { method: 'app_api_key', appKey: key };
  if (!options.appModes.apiKey)
    fail(`APP authentication: ${API_KEY_NAME} was sent, but the gateway parameter app_api_key is off (turn it on in Gateway settings) → AUTH_HEADER_MISSING`, Errors.appCredentialsMissing(), base);
  const app = view.appsByKey.get(key);
  if (!app) fail(`APP app_api_key: no app has the AppKey ${key} → AUTH_FAILURE`, Errors.appAuthFailure(`app not found, appkey ${key}`), base);
  exchange.fidelityNotes.push(`The app key was read from "${API_KEY_NAME}" (header or query): the name APIG reads with app_api_key is not documented [U].`);
  checkAuthorized(exchange, api, view, app!, `AppKey of app ${app!.name} accepted (app_api_key)`, { ...base, appName: app!.name }, fail, pass);
}

function verifySignature(
  exchange: Exchange,
  api: Api,
  view: CompiledView,
  options: AuthenticationOptions,
  authorization: string,
  fail: Fail,
  pass: Pass,
): void {
  const parsed = parseAuthorization(authorization);
  if (!parsed.ok) {
    fail(`APP signature: ${parsed.problem} → AUTH_FAILURE`, Errors.appAuthFailure('authorization header format error'), { method: 'signature' });
  }
  const { access, signedHeaders, signature: clientSignature } = parsed as Extract<typeof parsed, { ok: true }>;
  const base: Detail = { method: 'signature', appKey: access, signedHeaders: signedHeaders.join(';'), clientSignature };

  const app = view.appsByKey.get(access);
  if (!app) fail(`APP signature: no app has the AppKey ${access} → AUTH_FAILURE`, Errors.appAuthFailure(`app not found, appkey ${access}`), base);
  const known = app as App;
  base.appName = known.name;
  base.appSecret = maskSecret(known.appSecret);

  const sdkDate = headerValue(exchange.headers, 'x-sdk-date');
  if (!sdkDate) fail('APP signature: the request has no X-Sdk-Date header → AUTH_FAILURE', Errors.appAuthFailure('x-sdk-date not found'), base);
  const signedAt = parseSdkDate(sdkDate!);
  if (signedAt === undefined) {
    fail(
      `APP signature: X-Sdk-Date "${sdkDate}" is not in the format YYYYMMDDTHHMMSSZ → AUTH_FAILURE`,
      Errors.appAuthFailure(`x-sdk-date format error, x-sdk-date:${sdkDate}`),
      base,
    );
  }
  const now = options.now?.() ?? Date.now();
  const serverTime = formatSdkDate(new Date(now));
  if (Math.abs(now - signedAt!) > SDK_DATE_TOLERANCE_MS) {
    const minutes = Math.round((now - signedAt!) / 60_000);
    fail(
      `APP signature: X-Sdk-Date ${sdkDate} is ${Math.abs(minutes)} minutes ${minutes > 0 ? 'behind' : 'ahead of'} the gateway's clock (${serverTime}); APIG allows 15 → AUTH_FAILURE`,
      Errors.appAuthFailure(`signature expired, signature time:${sdkDate},server time:${serverTime}`),
      base,
    );
  }

  const payloadHash = payloadHashFor(exchange.headers, exchange.body, nodeSignerCrypto);
  const canonical = canonicalRequest({
    method: exchange.method,
    path: exchange.rawPath,
    query: [...exchange.query].flatMap(([name, values]) => values.map((v) => [name, v] as const)),
    headers: exchange.headers,
    signedHeaders,
    payloadHash,
  });
  const toSign = stringToSign(sdkDate!, canonical, nodeSignerCrypto);
  const expected = signature(known.appSecret, toSign, nodeSignerCrypto);
  base.canonicalRequest = canonical;
  base.stringToSign = toSign;
  noteDeclaredPayloadHash(exchange, payloadHash);

  if (!signaturesEqual(clientSignature, expected)) {
    fail(
      `APP signature: the signature of app ${known.name} does not match the gateway's (compare the canonical requests) → AUTH_FAILURE`,
      Errors.appAuthFailure(`verify signature fail, canonicalRequest:${flattenCanonicalRequest(canonical)}`),
      { ...base, expectedSignature: expected },
    );
  }
  checkAuthorized(exchange, api, view, known, `SDK-HMAC-SHA256 signature of app ${known.name} verified`, base, fail, pass);
}

/**
 * X-Sdk-Content-Sha256 replaces the body hash in the canonical request (§4.2). Whether APIG also
 * compares it with the body is [U]; locally it does not, and the trace says so when they differ.
 */
function noteDeclaredPayloadHash(exchange: Exchange, payloadHash: string): void {
  if (headerOf(exchange.headers, 'x-sdk-content-sha256') === undefined || payloadHash === 'UNSIGNED-PAYLOAD') return;
  const actual = exchange.body.length ? nodeSignerCrypto.sha256Hex(exchange.body) : EMPTY_BODY_SHA256;
  if (payloadHash.toLowerCase() !== actual) {
    exchange.fidelityNotes.push(
      'X-Sdk-Content-Sha256 does not match the SHA-256 of the body. It was signed in place of the body hash, as the SDKs do; whether APIG also checks it against the body is unconfirmed, the local gateway does not.',
    );
  }
}

function verifyAppCode(
  exchange: Exchange,
  api: Api,
  view: CompiledView,
  options: AuthenticationOptions,
  code: string,
  fail: Fail,
  pass: Pass,
): void {
  const base: Detail = { method: 'appcode', appCode: maskSecret(code) };
  if (!api.appCodeAuth) {
    fail(
      'APP authentication: X-Apig-AppCode was sent, but AppCode authentication is not enabled on this API (app_code_auth_type DISABLE), and there is no Authorization header → AUTH_HEADER_MISSING',
      Errors.appCredentialsMissing(),
      base,
    );
  }
  if (!options.appCodeOverHttp) {
    fail(
      'APP AppCode: APIG accepts X-Apig-AppCode over HTTPS only and this request came over plain HTTP → AUTH_FAILURE. To try AppCode clients locally, turn on the gateway option appCodeOverHttp.',
      Errors.appAuthFailure('app code authentication requires https'),
      base,
    );
  }
  const app = view.appsByCode.get(code);
  if (!app) fail('APP AppCode: the X-Apig-AppCode value belongs to no app → AUTH_FAILURE', Errors.appAuthFailure('app code not found'), base);
  const known = app as App;
  base.appName = known.name;
  base.appKey = known.appKey;
  exchange.fidelityNotes.push('AppCode accepted over plain HTTP because the gateway option appCodeOverHttp is on; APIG accepts AppCodes over HTTPS only.');
  checkAuthorized(exchange, api, view, known, `AppCode of app ${known.name} accepted (appCodeOverHttp)`, base, fail, pass);
}

function checkAuthorized(exchange: Exchange, api: Api, view: CompiledView, app: App, verified: string, detail: Detail, fail: Fail, pass: Pass): void {
  const env = exchange.env!;
  // The app is identified from here on, so an UNAUTHORIZED response can name it ($context.appName).
  exchange.app = { id: app.id, name: app.name };
  if (!view.appAuthorizations.has(appAuthorizationKey(app.id, api.id, env))) {
    fail(`${verified}, but app ${app.name} is not authorized for API ${api.name} in ${env} → UNAUTHORIZED`, Errors.appNotAuthorized(), detail);
  }
  pass(`${verified}; authorized for API ${api.name} in ${env}`, { ...detail, appId: app.id });
}

function authenticateIam(exchange: Exchange, view: CompiledView, options: AuthenticationOptions, fail: Fail, pass: Pass): void {
  const token = headerValue(exchange.headers, AUTH_TOKEN_HEADER);
  if (!token) {
    const authorization = headerValue(exchange.headers, 'authorization');
    if (authorization?.trim().startsWith(SIGNING_ALGORITHM + ' ')) {
      fail(
        'IAM: AK/SK signing is not emulated locally (there are no IAM access keys here); send X-Auth-Token with a token from the local IAM token table → AUTH_FAILURE',
        Errors.iamAuthFailure('verify aksk signature fail'),
        { method: 'aksk' },
      );
    }
    fail('IAM: no X-Auth-Token header was sent → AUTH_HEADER_MISSING', Errors.iamCredentialsMissing(), { method: 'token' });
  }
  const base: Detail = { method: 'token', token: maskSecret(token!) };
  const entry = view.iamTokens.get(token!);
  if (!entry) fail('IAM: the X-Auth-Token is not in the local IAM token table → AUTH_FAILURE', Errors.iamAuthFailure('decrypt token fail'), base);
  const known = entry!;
  base.user = known.userName;
  base.accountName = known.accountName;
  base.accountId = known.accountId;
  if (known.expiresAt && Date.parse(known.expiresAt) <= (options.now?.() ?? Date.now())) {
    fail(
      `IAM: the token of user ${known.userName} expired at ${known.expiresAt} → AUTH_FAILURE`,
      Errors.iamAuthFailure(`token expires, expires_at: ${known.expiresAt}`),
      base,
    );
  }
  exchange.iamUser = known.userName;
  exchange.iamAccount = { name: known.accountName, id: known.accountId };
  pass(`X-Auth-Token of IAM user ${known.userName} (account ${known.accountName}) accepted (local IAM token table)`, base);
}
