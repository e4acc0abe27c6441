// Sample FUNCTION backend: answers with the FunctionGraph result wrapper.
exports.handler = async (event) => {
  const name = (event.queryStringParameters && event.queryStringParameters.name) || 'world';
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8').toString('utf8') : '';
  return {
    statusCode: 200,
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ greeting: `hello, ${name}`, method: event.httpMethod, received: body, stage: event.requestContext.stage }),
  };
};
