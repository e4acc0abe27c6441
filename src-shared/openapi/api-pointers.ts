/**
 * Where a rule issue about an API (src-shared/rules/api.ts field paths) sits in a definition file.
 * Shared by the pre-flight (check) and by the import's store errors, so both point at the same place.
 */
import { joinPointer } from './diagnostics';

/** Maps a store field path (`backend.params[2].name`) to the nearest place in the file. */
export function pointerForField(apiPointer: string, field: string): string {
  const head = field.split(/[.[]/)[0];
  switch (head) {
    case 'name':
      return joinPointer(apiPointer, 'operationId');
    case 'description':
      return joinPointer(apiPointer, 'description');
    case 'requestParams':
      return joinPointer(apiPointer, 'parameters');
    case 'backend':
      return joinPointer(apiPointer, 'x-apigateway-backend');
    case 'authorizerId':
    case 'authType':
      return joinPointer(apiPointer, 'security');
    case 'matchMode':
      return joinPointer(apiPointer, 'x-apigateway-match-mode');
    case 'backendPolicies': {
      // backendPolicies[2].conditions[0].paramName -> x-apigateway-backend-policies/2/conditions/0/parameter
      const tokens = field.split(/[.[\]]/).filter(Boolean).slice(1).map((t) => (t === 'paramName' ? 'parameter' : t));
      const backendAt = tokens.indexOf('backend');
      return joinPointer(apiPointer, 'x-apigateway-backend-policies', ...(backendAt >= 0 ? tokens.slice(0, backendAt) : tokens));
    }
    default:
      return apiPointer;
  }
}
