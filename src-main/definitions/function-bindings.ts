/**
 * Function bindings applied to what an export writes: each function reference (a FUNCTION backend,
 * an authorizer) whose local function is bound in the exported environment gets the bound URN,
 * split the way APIG carries it (unqualified URN plus version, or the alias URN). Then the checks
 * that make an export deployable: no placeholder URN, no #var# the environment does not define.
 */
import { variablesIn } from '../../src-shared/apig/env-vars';
import { formatFunctionUrn, isPlaceholderUrn, parseFunctionUrn, unqualifiedUrn } from '../../src-shared/apig/function-urn';
import { functionNameFromUrn, type Api, type Authorizer } from '../../src-shared/model';
import type { Diagnostic } from '../../src-shared/openapi/diagnostics';
import type { OasVersion } from '../../src-shared/openapi/plan';
import type { WorkspaceStore } from '../store/workspace-store';

/** Local function name -> cloud URN (with version or alias). */
export type UrnMap = ReadonlyMap<string, string>;

/** The bound URNs of every function bound in `envId`, by local function name. */
export function boundUrns(store: WorkspaceStore, envId: string): Map<string, string> {
  const names = new Map(store.functions.list().map((f) => [f.id, f.name]));
  const urns = new Map<string, string>();
  for (const b of store.functionBindings.list({ envId })) {
    const name = names.get(b.functionId);
    if (name) urns.set(name, b.urn);
  }
  return urns;
}

/** `api` with its FUNCTION backend (default and policy backends) pointing at the bound URN. */
export function bindApi(api: Api, urns: UrnMap): Api {
  const bindBackend = <B extends Api['backend']>(backend: B): B => {
    if (backend.type !== 'FUNCTION') return backend;
    const urn = parseFunctionUrn(urns.get(functionNameFromUrn(backend.functionUrn)) ?? '');
    if (!urn) return backend;
    return { ...backend, functionUrn: unqualifiedUrn(urn), version: urn.alias ? undefined : urn.version, aliasUrn: urn.alias ? formatFunctionUrn(urn) : undefined };
  };
  return {
    ...api,
    backend: bindBackend(api.backend),
    backendPolicies: api.backendPolicies?.map((p) => ({ ...p, backend: bindBackend(p.backend) })),
  };
}

export function bindAuthorizer(authorizer: Authorizer, urns: UrnMap): Authorizer {
  const urn = parseFunctionUrn(urns.get(functionNameFromUrn(authorizer.functionUrn)) ?? '');
  if (!urn) return authorizer;
  return {
    ...authorizer,
    functionUrn: unqualifiedUrn(urn),
    authorizerVersion: urn.alias ? undefined : urn.version,
    authorizerAliasUri: urn.alias ? formatFunctionUrn(urn) : undefined,
  };
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function operationPointer(api: Api): string {
  return `/paths/${escapePointer(api.path)}/${api.method === 'ANY' ? 'x-apigateway-any-method' : api.method.toLowerCase()}`;
}

export function authorizerPointer(name: string, oas: OasVersion): string {
  return oas === '3.0' ? `/components/securitySchemes/${escapePointer(name)}` : `/securityDefinitions/${escapePointer(name)}`;
}

export interface DeployCheckInput {
  envName: string;
  apis: Api[];
  authorizers: Authorizer[];
  /** Names of the variables the target environment defines for the group. */
  variables: ReadonlySet<string>;
  oas: OasVersion;
}

/**
 * What stops a (bound) export from working on the cloud: a function reference still on a local
 * placeholder URN, and a #var# in a backend that the target environment does not define (APIG
 * refuses to publish such an API: "variable not found").
 */
export function deployChecks(input: DeployCheckInput): Omit<Diagnostic, 'line' | 'column'>[] {
  const found: Omit<Diagnostic, 'line' | 'column'>[] = [];
  const unbound = (urn: string) =>
    `function '${functionNameFromUrn(urn)}' has no binding in environment ${input.envName}: '${urn}' is a local placeholder (bind it: apig-workbench function bind ${functionNameFromUrn(urn)} --env ${input.envName} --urn URN)`;
  for (const api of input.apis) {
    const pointer = operationPointer(api);
    const backends = [{ backend: api.backend, where: 'x-apigateway-backend' }, ...(api.backendPolicies ?? []).map((p, i) => ({ backend: p.backend, where: `x-apigateway-backend-policies/${i}` }))];
    for (const { backend, where } of backends) {
      if (backend.type === 'FUNCTION' && isPlaceholderUrn(backend.functionUrn)) {
        found.push({ severity: 'error', pointer: `${pointer}/${where}`, message: `API ${api.name}: ${unbound(backend.functionUrn)}` });
      }
      if (backend.type === 'HTTP') {
        const missing = [...new Set([...variablesIn(backend.address), ...variablesIn(backend.path)])].filter((v) => !input.variables.has(v));
        for (const name of missing) {
          found.push({ severity: 'error', pointer: `${pointer}/${where}`, message: `API ${api.name}: #${name}# is not defined in environment ${input.envName}` });
        }
      }
    }
  }
  for (const authorizer of input.authorizers) {
    if (isPlaceholderUrn(authorizer.functionUrn)) {
      found.push({ severity: 'error', pointer: authorizerPointer(authorizer.name, input.oas), message: `authorizer ${authorizer.name}: ${unbound(authorizer.functionUrn)}` });
    }
  }
  return found;
}
