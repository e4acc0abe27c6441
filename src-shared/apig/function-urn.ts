/**
 * FunctionGraph function URNs: `urn:fss:{region}:{project_id}:function:{package}:{name}` followed
 * by `:{version}` (`latest`, `1`, …) or `:!{alias}` (FunctionGraph API reference, "Function model",
 * functiongraph_06_0102; APIG's authorizer_uri / function_urn take the unqualified URN and carry the
 * version or alias beside it: CreateCustomAuthorizerV2, CreateApiV2 func_info).
 */

export interface FunctionUrn {
  region: string;
  projectId: string;
  package: string;
  name: string;
  /** A version such as `latest` or `3`; absent with an alias or with no qualifier. */
  version?: string;
  /** An alias name (written `!alias` in the URN). */
  alias?: string;
}

/** The region the workbench writes into URNs it makes up for local functions. */
export const LOCAL_URN_REGION = 'local';

const PART = /^[^:\s]+$/;

/** Parses a URN; undefined when it does not have FunctionGraph's shape. */
export function parseFunctionUrn(urn: string): FunctionUrn | undefined {
  const parts = urn.trim().split(':');
  if (parts.length < 7 || parts.length > 8 || parts[0] !== 'urn' || parts[1] !== 'fss' || parts[4] !== 'function') return undefined;
  if (!parts.every((p, i) => i === 4 || PART.test(p))) return undefined;
  const [, , region, projectId, , pkg, name, qualifier] = parts;
  const parsed: FunctionUrn = { region, projectId, package: pkg, name };
  if (qualifier === undefined) return parsed;
  if (qualifier.startsWith('!')) return qualifier.length > 1 ? { ...parsed, alias: qualifier.slice(1) } : undefined;
  return { ...parsed, version: qualifier };
}

/** The URN without version or alias: what APIG's function_urn / authorizer_uri hold. */
export function unqualifiedUrn(urn: FunctionUrn): string {
  return `urn:fss:${urn.region}:${urn.projectId}:function:${urn.package}:${urn.name}`;
}

/** The URN with its version or alias, as FunctionGraph writes it. */
export function formatFunctionUrn(urn: FunctionUrn): string {
  const base = unqualifiedUrn(urn);
  if (urn.alias) return `${base}:!${urn.alias}`;
  return urn.version ? `${base}:${urn.version}` : base;
}

/**
 * Why `urn` cannot be bound for a cloud environment, or undefined when it can: it must be a
 * FunctionGraph URN of a real region and name a version or an alias (APIG calls a version or alias,
 * never "whatever the function holds now").
 */
export function bindableUrnProblem(urn: string): string | undefined {
  const parsed = parseFunctionUrn(urn);
  if (!parsed) return `'${urn}' is not a FunctionGraph URN (urn:fss:REGION:PROJECT_ID:function:PACKAGE:NAME:VERSION or …:!ALIAS)`;
  if (parsed.region === LOCAL_URN_REGION) return `'${urn}' is the workbench's local placeholder, not a FunctionGraph function`;
  if (!parsed.version && !parsed.alias) return `'${urn}' names no version or alias (add :latest, :1 or :!ALIAS)`;
  return undefined;
}

/** A URN the cloud cannot resolve: malformed, or in the workbench's local placeholder region. */
export function isPlaceholderUrn(urn: string): boolean {
  const parsed = parseFunctionUrn(urn);
  return !parsed || parsed.region === LOCAL_URN_REGION;
}
