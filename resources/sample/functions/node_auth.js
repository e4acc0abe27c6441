// Sample frontend custom authorizer (Node.js): a bearer token table.
// APIG calls it with the request's headers, query strings and path; it must answer
// { statusCode: 200, body: JSON string of { status: "allow" | "deny", context } }.
const USERS = {
  'alice-token': { user: 'alice', role: 'admin' },
  'bob-token': { user: 'bob', role: 'reader' },
};

exports.handler = async (event, context) => {
  const header = event.headers['authorization'] || '';
  const token = header.replace(/^Bearer\s+/i, '');
  const found = USERS[token];
  context.getLogger().info(`token ${token ? token.slice(0, 3) + '…' : '(none)'} → ${found ? 'allow' : 'deny'}`);
  if (!found) {
    return { statusCode: 200, body: JSON.stringify({ status: 'deny', context: { code: 'INVALID_TOKEN' } }) };
  }
  return { statusCode: 200, body: JSON.stringify({ status: 'allow', context: found }) };
};
