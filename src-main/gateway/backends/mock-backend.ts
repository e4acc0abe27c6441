import type { MockBackend } from '../../../src-shared/model';
import type { BackendResponse } from './backend-response';

/** MOCK backends answer with their configured status, headers and body (runtime.md §6.1). */
export function mockResponse(backend: MockBackend): BackendResponse {
  const headers: Record<string, string> = {};
  for (const h of backend.headers) headers[h.key.toLowerCase()] = h.value;
  return { status: backend.statusCode || 200, headers, body: Buffer.from(backend.body, 'utf8'), upstream: false };
}
