/**
 * Response plug-ins bound to the API in the environment (runtime.md §5.6). set_resp_headers is
 * applied; it can never touch x-apig-*, x-request-id or CORS headers (the store refuses such rules,
 * and the gateway skips any that slip in). Other plug-in types are listed in the trace as not
 * emulated, so nobody mistakes their absence for their effect.
 */
import { isProtectedResponseHeader, type RespHeaderRule } from '../../../src-shared/rules/policies';
import { addStage, type Exchange } from '../exchange';
import type { ApiEnvPolicies } from '../view/compiled-policies';
import type { FinalResponse } from '../response/final-response';

function findHeader(headers: FinalResponse['headers'], name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

/** Applies one rule; returns what it did, for the trace. */
function applyRule(headers: FinalResponse['headers'], rule: RespHeaderRule): string {
  if (isProtectedResponseHeader(rule.name)) return `${rule.name}: skipped (reserved header)`;
  const key = findHeader(headers, rule.name);
  const name = rule.name.toLowerCase();
  switch (rule.action) {
    case 'override':
      if (key) delete headers[key];
      headers[name] = rule.value;
      return `${rule.name}: set to "${rule.value}"`;
    case 'append': {
      if (!key) {
        headers[name] = rule.value;
        return `${rule.name}: added "${rule.value}"`;
      }
      const existing = headers[key];
      const joined = `${Array.isArray(existing) ? existing.join(',') : existing},${rule.value}`;
      delete headers[key];
      headers[name] = joined;
      return `${rule.name}: appended → "${joined}"`;
    }
    case 'delete':
      if (key) delete headers[key];
      return `${rule.name}: ${key ? 'deleted' : 'absent, nothing to delete'}`;
    case 'skip':
      if (key) return `${rule.name}: kept the backend's value`;
      headers[name] = rule.value;
      return `${rule.name}: added "${rule.value}"`;
    case 'add': {
      // Always added, even when present: a second header line.
      const existing = key ? headers[key] : undefined;
      if (key) delete headers[key];
      headers[name] = existing === undefined ? rule.value : [...(Array.isArray(existing) ? existing : [existing]), rule.value];
      return `${rule.name}: added "${rule.value}"${existing === undefined ? '' : ' next to the existing value'}`;
    }
  }
}

export function applyResponsePlugins(exchange: Exchange, response: FinalResponse, policies: ApiEnvPolicies): void {
  if (policies.plugins.length === 0) return;
  const started = performance.now();
  const notes: string[] = [];
  for (const { plugin, respHeaders } of policies.plugins) {
    if (plugin.type === 'set_resp_headers') {
      const done = (respHeaders ?? []).map((r) => applyRule(response.headers, r));
      notes.push(`${plugin.name}: ${done.join(', ') || 'no rules'}`);
    } else {
      notes.push(`${plugin.name} (${plugin.type}) is not emulated by the local gateway`);
    }
  }
  addStage(exchange, 'response-plugins', 'ok', notes.join('; '), started);
}
