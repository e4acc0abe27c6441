/** The API editor's draft: an ApiInput with every field the form shows filled in. */
import type { Api, Backend, BackendParam, RequestParam } from '../../../src-shared/model';
import type { ApiInput } from '../../../src-shared/rules/inputs';
import { ECHO_BACKEND_ADDRESS, ECHO_HOST_VARIABLE } from '../../../src-shared/echo-backend';

/** Whether a group has the echo backend's variable in some environment. */
export function groupHasEchoHost(groupId: string, variables: readonly { groupId: string; name: string }[]): boolean {
  return variables.some((v) => v.groupId === groupId && v.name === ECHO_HOST_VARIABLE);
}

export type ApiDraft = Omit<Api, 'id' | 'createdAt' | 'updatedAt'>;

/** `echoHost`: the group has the built-in echo backend's variable, so a new API can call it at once. */
export function newApiDraft(groupId: string, echoHost = false): ApiDraft {
  return {
    groupId,
    name: '',
    description: '',
    method: 'GET',
    path: '/',
    matchMode: 'NORMAL',
    protocol: 'BOTH',
    requestType: 'public',
    authType: 'NONE',
    appCodeAuth: false,
    cors: false,
    bodyBase64: true,
    requestParams: [],
    backend: { ...defaultBackend('HTTP'), ...(echoHost ? { address: ECHO_BACKEND_ADDRESS } : {}) } as Backend,
  };
}

export function draftFromApi(api: Api): ApiDraft {
  const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = api;
  return structuredClone(draft);
}

/** What the store receives: the draft as an ApiInput (all fields explicit). */
export function draftToInput(draft: ApiDraft): ApiInput {
  return draft as ApiInput;
}

export function defaultBackend(type: Backend['type'], keep?: Backend): Backend {
  const params = keep?.params ?? [];
  const authorizerId = keep?.authorizerId;
  switch (type) {
    case 'HTTP':
      return { type, protocol: 'HTTP', method: 'ANY', address: '', path: '/', timeoutMs: 5000, retryCount: -1, params, authorizerId };
    case 'MOCK':
      return { type, statusCode: 200, body: '{"message":"mock"}', headers: [], params, authorizerId };
    case 'FUNCTION':
      return { type, functionUrn: '', invocationType: 'sync', networkType: 'V1', timeoutMs: 5000, params, authorizerId };
  }
}

export function newRequestParam(): RequestParam {
  return { name: '', location: 'QUERY', type: 'STRING', required: false, validEnable: false, passThrough: true };
}

export function newBackendParam(): BackendParam {
  return { name: '', location: 'HEADER', origin: 'SYSTEM', value: '' };
}
