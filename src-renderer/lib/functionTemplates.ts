/** Starter code for new local functions, following the FunctionGraph handler contract. */
import type { FunctionRuntime } from '../../src-shared/model';

export const AUTHORIZER_TEMPLATES: Record<FunctionRuntime, string> = {
  nodejs: `// A frontend custom authorizer: allow when the Authorization header is "Bearer letmein".
exports.handler = async (event, context) => {
  const token = (event.headers || {})['authorization'] || '';
  const allowed = token === 'Bearer letmein';
  console.log('authorizer saw token', token ? '(set)' : '(missing)');
  return {
    statusCode: 200,
    body: JSON.stringify({
      status: allowed ? 'allow' : 'deny',
      context: { user: allowed ? 'alice' : 'anonymous' },
    }),
  };
};
`,
  python: `# A frontend custom authorizer: allow when the Authorization header is "Bearer letmein".
import json

def handler(event, context):
    token = (event.get('headers') or {}).get('authorization', '')
    allowed = token == 'Bearer letmein'
    print('authorizer saw token', '(set)' if token else '(missing)')
    return {
        'statusCode': 200,
        'body': json.dumps({'status': 'allow' if allowed else 'deny',
                            'context': {'user': 'alice' if allowed else 'anonymous'}}),
    }
`,
};

export const FUNCTION_TEMPLATES: Record<FunctionRuntime, string> = {
  nodejs: `// A FUNCTION backend: the APIG event in, an APIG-shaped response out.
exports.handler = async (event, context) => {
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json' },
    isBase64Encoded: false,
    body: JSON.stringify({ path: event.path, method: event.httpMethod }),
  };
};
`,
  python: `# A FUNCTION backend: the APIG event in, an APIG-shaped response out.
import json

def handler(event, context):
    return {
        'statusCode': 200,
        'headers': {'Content-Type': 'application/json'},
        'isBase64Encoded': False,
        'body': json.dumps({'path': event.get('path'), 'method': event.get('httpMethod')}),
    }
`,
};
