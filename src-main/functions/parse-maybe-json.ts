/**
 * Handlers often return their response as JSON text (APIG's Python samples end with
 * `return json.dumps(resp)`), and FunctionGraph decodes such text before APIG looks at it.
 * The runtime hands back the raw value; this is the helper the gateway uses to decode it.
 * Any valid JSON text is decoded (so "42" gives 42); text that is not JSON is returned as is.
 */
export function parseMaybeJson(value: unknown): { value: unknown; wasJsonString: boolean } {
  if (typeof value !== 'string' || value.trim() === '') return { value, wasJsonString: false };
  try {
    return { value: JSON.parse(value), wasJsonString: true };
  } catch {
    return { value, wasJsonString: false };
  }
}
