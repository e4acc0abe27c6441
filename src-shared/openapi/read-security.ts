/**
 * Security schemes. APIG encodes its auth modes on apiKey schemes through x-apigateway-auth-type;
 * the scheme's key name carries no meaning except for custom authorizers, whose key is the
 * authorizer's name.
 */
import { functionNameFromUrn, type AuthType } from '../model';
import { joinPointer, type DiagnosticSink } from './diagnostics';
import type { AuthorizerDraft, FunctionRef } from './plan';
import { FieldReader, isRecord, type Json } from './values';
import { lookup } from '../lookup';

export interface SchemeInfo {
  authType: Exclude<AuthType, 'NONE'>;
  appCodeAuth: boolean;
  /** AUTHORIZER schemes: the authorizer's name (the scheme key). */
  authorizerName?: string;
}

export interface ReadSchemesResult {
  schemes: Map<string, SchemeInfo>;
  /** Schemes the file defines but that could not be read (already reported): APIs naming them say nothing more. */
  unreadable: Set<string>;
  authorizers: AuthorizerDraft[];
}

const AUTH_TYPES: Record<string, SchemeInfo['authType']> = { AppSigv1: 'APP', IAM: 'IAM', AUTHORIZER: 'AUTHORIZER' };

export function readSecuritySchemes(
  raw: Json | undefined,
  pointer: string,
  sink: DiagnosticSink,
  functionRefs: FunctionRef[],
): ReadSchemesResult {
  const schemes = new Map<string, SchemeInfo>();
  const unreadable = new Set<string>();
  const authorizers: AuthorizerDraft[] = [];
  for (const [key, value] of Object.entries(raw ?? {})) {
    const at = joinPointer(pointer, key);
    // Until the scheme is read, an API naming it gets no diagnostic of its own: one problem, one report.
    unreadable.add(key);
    if (!isRecord(value)) {
      sink.error(at, `security scheme '${key}' must be an object`);
      continue;
    }
    const f = new FieldReader(value, at, sink);
    const authType = f.string('x-apigateway-auth-type');
    if (authType === undefined) {
      sink.warning(at, `security scheme '${key}' has no x-apigateway-auth-type; APIG cannot use it`);
      // Only a warning here, so an API that relies on it must still be refused where it names it.
      unreadable.delete(key);
      continue;
    }
    let mapped = lookup(AUTH_TYPES, authType);
    if (authType === 'IAM_NONE') {
      sink.warning(f.at('x-apigateway-auth-type'), `IAM_NONE (a shared-gateway value) is read as IAM`);
      mapped = 'IAM';
    }
    if (!mapped) {
      sink.error(f.at('x-apigateway-auth-type'), `x-apigateway-auth-type '${authType}' is not one of AppSigv1, IAM, AUTHORIZER`);
      continue;
    }
    const opt = f.record('x-apigateway-auth-opt');
    const appCode = opt ? new FieldReader(opt, f.at('x-apigateway-auth-opt'), sink).string('appcode-auth-type') : undefined;
    if (appCode !== undefined && appCode.toLowerCase() !== 'header' && appCode.toLowerCase() !== 'disable') {
      sink.error(joinPointer(f.at('x-apigateway-auth-opt'), 'appcode-auth-type'), `appcode-auth-type '${appCode}' is not header or disable`);
    }
    const info: SchemeInfo = { authType: mapped, appCodeAuth: mapped === 'APP' && appCode?.toLowerCase() === 'header' };
    if (mapped === 'AUTHORIZER') {
      info.authorizerName = key;
      const def = f.record('x-apigateway-authorizer');
      if (def) {
        const draft = readAuthorizer(key, def, f.at('x-apigateway-authorizer'), sink, functionRefs);
        if (draft) authorizers.push(draft);
      }
    }
    schemes.set(key, info);
    unreadable.delete(key);
  }
  return { schemes, unreadable, authorizers };
}

const AUTHORIZER_KEYS = new Set([
  'authorizer_type', 'authorizer_uri', 'type', 'auth_downgrade_enabled', 'authorizer_alias_uri', 'authorizer_version',
  'need_body', 'identities', 'network_type', 'retry_attempts', 'timeout', 'ttl', 'user_data',
]);

function readAuthorizer(
  name: string,
  raw: Json,
  pointer: string,
  sink: DiagnosticSink,
  functionRefs: FunctionRef[],
): AuthorizerDraft | undefined {
  const f = new FieldReader(raw, pointer, sink);
  const kind = f.string('authorizer_type') ?? 'FUNC';
  if (kind !== 'FUNC') sink.error(f.at('authorizer_type'), `authorizer_type '${kind}' is not supported (only FUNC)`);
  const uri = f.string('authorizer_uri');
  if (!uri) {
    sink.error(f.at('authorizer_uri'), `authorizer '${name}' needs authorizer_uri (the function URN)`);
    return undefined;
  }
  functionRefs.push({ name: functionNameFromUrn(uri), urn: uri, pointer: f.at('authorizer_uri'), usedBy: 'authorizer' });
  const identities: AuthorizerDraft['identities'] = [];
  (f.array('identities') ?? []).forEach((item, index) => {
    const at = joinPointer(f.at('identities'), index);
    if (!isRecord(item)) return sink.error(at, 'an identity must be an object');
    const i = new FieldReader(item, at, sink);
    const idName = i.string('name');
    const location = i.oneOf('location', ['HEADER', 'QUERY'] as const);
    if (!idName) return sink.error(i.at('name'), 'identity name is required');
    if (!location) {
      if (!i.has('location')) sink.error(i.at('location'), 'identity location is required (HEADER or QUERY)');
      return;
    }
    const validation = i.string('validation');
    identities.push(validation ? { name: idName, location, validation } : { name: idName, location });
  });
  const rest = f.rest(AUTHORIZER_KEYS);
  if (rest) sink.warning(pointer, `authorizer fields not kept by the workbench: ${Object.keys(rest).join(', ')}`);
  const draft: AuthorizerDraft = {
    name,
    type: f.oneOf('type', ['FRONTEND', 'BACKEND'] as const) ?? 'FRONTEND',
    authorizerType: 'FUNC',
    functionUrn: uri,
    networkType: f.oneOf('network_type', ['V1', 'V2'] as const) ?? 'V1',
    identities,
    ttl: f.number('ttl') ?? 0,
    userData: f.string('user_data') ?? '',
    needBody: f.boolean('need_body') ?? false,
    relaxed: f.boolean('auth_downgrade_enabled') ?? false,
    retryAttempts: f.number('retry_attempts') ?? 0,
    timeoutMs: f.number('timeout') ?? 5000,
    pointer,
  };
  const version = f.string('authorizer_version');
  if (version) draft.authorizerVersion = version;
  const alias = f.string('authorizer_alias_uri');
  if (alias) draft.authorizerAliasUri = alias;
  return draft;
}
