/**
 * Rendering of gateway (error) responses through a group's response set (runtime.md §2.1–2.3).
 * `$context.*` variables are substituted as raw strings, as APIG does; an unknown or absent
 * variable becomes the empty string ([U], listed in docs/fidelity.md).
 */
import type { GatewayResponseSet } from '../model';
import { DEFAULT_ERROR_BODY, DEFAULT_STATUS, type GatewayError } from './errors';
import { lookup } from '../lookup';

/** Values for the template, keyed by the part after `$context.` (e.g. "requestId", "authorizer.frontend.user"). */
export type TemplateValues = ReadonlyMap<string, string> | Record<string, string | undefined>;

const VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g;

function valueOf(values: TemplateValues, name: string): string {
  if (values instanceof Map) return values.get(name) ?? '';
  // Own keys only: $context.constructor must render empty, not Object's constructor.
  return lookup(values as Record<string, string | undefined>, name) ?? '';
}

export function renderTemplate(template: string, values: TemplateValues): string {
  if (!template.includes('$context.')) return template;
  return template.replace(VARIABLE, (_whole, name: string) => valueOf(values, name));
}

export interface RenderedErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Status: the set's custom status for the type, else the type's default, else (DEFAULT_4XX/5XX)
 * the underlying error's status.
 */
export function renderErrorResponse(
  error: GatewayError,
  responseSet: GatewayResponseSet | undefined,
  values: TemplateValues,
): RenderedErrorResponse {
  const rule = responseSet?.responses[error.type];
  const status = rule?.status ?? DEFAULT_STATUS[error.type] ?? error.status;
  const headers: Record<string, string> = {};
  for (const h of rule?.headers ?? []) headers[h.key] = renderTemplate(h.value, values);
  return { status, headers, body: renderTemplate(rule?.body ?? DEFAULT_ERROR_BODY, values) };
}
