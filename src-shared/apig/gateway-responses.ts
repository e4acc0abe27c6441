/**
 * Rendering of gateway (error) responses through a group's response set (runtime.md §2.1–2.3).
 * `$context.*` variables are substituted as raw strings, as APIG does; an unknown or absent
 * variable becomes the empty string ([U], listed in docs/fidelity.md).
 */
import type { GatewayResponseRule, GatewayResponseSet } from '../model';
import type { GatewayResponseDetail, TemplateVariableTrace } from '../trace';
import { DEFAULT_ERROR_BODY, DEFAULT_STATUS, type GatewayError } from './errors';
import { lookup } from '../lookup';

/** Values for the template, keyed by the part after `$context.` (e.g. "requestId", "authorizer.frontend.user"). */
export type TemplateValues = ReadonlyMap<string, string> | Record<string, string | undefined>;

const VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g;

function definedValue(values: TemplateValues, name: string): string | undefined {
  if (values instanceof Map) return values.get(name);
  // Own keys only: $context.constructor must render empty, not Object's constructor.
  return lookup(values as Record<string, string | undefined>, name);
}

function valueOf(values: TemplateValues, name: string): string {
  return definedValue(values, name) ?? '';
}

/** Each distinct `$context.*` variable the templates use, in order of first use, with its value. */
export function templateVariables(templates: readonly string[], values: TemplateValues): TemplateVariableTrace[] {
  const seen = new Map<string, TemplateVariableTrace>();
  for (const template of templates) {
    for (const match of template.matchAll(VARIABLE)) {
      if (seen.has(match[0])) continue;
      const value = definedValue(values, match[1]);
      seen.set(match[0], { name: match[0], value: value ?? '', defined: value !== undefined });
    }
  }
  return [...seen.values()];
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
  const rule = ruleFor(error, responseSet);
  const { status } = statusFor(error, rule);
  const headers: Record<string, string> = {};
  for (const h of rule?.headers ?? []) headers[h.key] = renderTemplate(h.value, values);
  return { status, headers, body: renderTemplate(rule?.body ?? DEFAULT_ERROR_BODY, values) };
}

function ruleFor(error: GatewayError, responseSet: GatewayResponseSet | undefined): GatewayResponseRule | undefined {
  // Own keys only: the type comes from our own list, but the set's record came from a document.
  return responseSet ? lookup(responseSet.responses, error.type) : undefined;
}

function statusFor(error: GatewayError, rule: GatewayResponseRule | undefined): Pick<GatewayResponseDetail, 'status' | 'statusFrom'> {
  if (rule?.status !== undefined) return { status: rule.status, statusFrom: 'response set' };
  const typeStatus = DEFAULT_STATUS[error.type];
  return typeStatus !== undefined ? { status: typeStatus, statusFrom: 'type default' } : { status: error.status, statusFrom: 'error' };
}

/** Why the gateway response looks the way it does, for the trace (same choices as renderErrorResponse). */
export function explainErrorResponse(
  error: GatewayError,
  responseSet: GatewayResponseSet | undefined,
  values: TemplateValues,
): GatewayResponseDetail {
  const rule = ruleFor(error, responseSet);
  const bodyTemplate = rule?.body ?? DEFAULT_ERROR_BODY;
  const headerTemplates = (rule?.headers ?? []).map((h) => ({ key: h.key, value: h.value }));
  return {
    type: error.type,
    code: error.code,
    responseSet: responseSet?.name,
    customised: rule !== undefined,
    ...statusFor(error, rule),
    bodyTemplate,
    headerTemplates,
    variables: templateVariables([bodyTemplate, ...headerTemplates.map((h) => h.value)], values),
  };
}
