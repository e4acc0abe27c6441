// The same logic as the workbench side of test/bench/peer.bench.ts, in AWS Lambda's contract:
// allow when x-user is present (context.user = its value) and count each authorizer invocation.
'use strict';
const fs = require('node:fs');

exports.auth = async (event) => {
  if (process.env.AUTHZ_COUNT_FILE) fs.appendFileSync(process.env.AUTHZ_COUNT_FILE, 'x');
  const user = (event.headers && (event.headers['x-user'] || event.headers['X-User'])) || '';
  return {
    principalId: user || 'anonymous',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: user ? 'Allow' : 'Deny', Resource: event.methodArn }],
    },
    context: { user },
  };
};

exports.backend = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ hello: 'world', user: (event.requestContext.authorizer || {}).user }),
});
