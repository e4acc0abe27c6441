/**
 * A definition that uses every extension the workbench maps, written as a user would: both
 * backend-policy condition vocabularies, throttling with a special app, an IP ACL, a plug-in and an
 * orchestration rule (the last two defined in the workbench's root maps).
 */
export const RICH_SWAGGER = `swagger: "2.0"
info:
  title: shop_api
  description: everything at once
  version: "1.0"
basePath: /v1
paths:
  /orders/{orderId}:
    parameters:
      - name: orderId
        in: path
        required: true
        type: string
    get:
      operationId: getOrder
      summary: not mapped by APIG, kept
      tags: [orders]
      security:
        - apig-auth-app-header: []
      schemes: [https]
      parameters:
        - name: verbose
          in: query
          type: integer
          minimum: 1
          maximum: 5
          default: 2
          enum: [1, 2, 5]
          x-apigateway-pass-through: never
          x-apigateway-sample: "2"
          x-apigateway-orchestrations: [Orch_one]
        - name: X-Trace
          in: header
          type: string
          maxLength: 40
          minLength: 2
          pattern: "^[a-z]+$"
      responses:
        default:
          description: ok
        x-apigateway-result-normal-sample: '{"ok":true}'
        x-apigateway-result-failure-sample: '{"ok":false}'
      x-apigateway-request-type: private
      x-apigateway-match-mode: NORMAL
      x-apigateway-cors: false
      x-apigateway-content-type: application/json
      x-apigateway-response: strict
      x-apigateway-ratelimit: perMinute
      x-apigateway-access-control: officeOnly
      x-apigateway-plugins: [Plugin_mock]
      x-apigateway-backend:
        type: HTTP
        parameters:
          - {name: orderId, value: orderId, in: path, origin: REQUEST, description: the order}
          - {name: X-Source-Ip, value: $context.sourceIp, in: header, origin: SYSTEM}
          - {name: X-User, value: $context.authorizer.frontend.user, in: header, origin: SYSTEM}
        httpEndpoints:
          address: "#host#:8443"
          scheme: https
          method: GET
          path: /orders/{orderId}
          timeout: 8000
          retryCount: "2"
          enableClientSsl: true
          description: primary
      x-apigateway-backend-policies:
        - type: HTTP
          name: canary_users
          effectMode: ANY
          httpEndpoints: {address: canary.example.com, scheme: https, method: GET, path: /orders, timeout: 5000}
          parameters: []
          conditions:
            - {type: exact, origin: param, parameter: verbose, value: "5"}
            - {type: equal, origin: request, parameter: verbose, value: "1"}
            - {type: "", origin: source, value: 10.0.0.0/8}
            - {type: pattern, origin: system, parameter_name: req_path, value: "/v1/orders/9.*"}
  /files/{path+}:
    x-apigateway-any-method:
      operationId: files
      security:
        - custom_auth: []
      schemes: [http, https]
      parameters:
        - {name: path, in: path, required: true, type: string}
      x-apigateway-match-mode: NORMAL
      x-apigateway-is-send-fg-body-base64: false
      x-apigateway-backend:
        type: FUNCTION
        functionEndpoints:
          function-urn: urn:fss:cn-north-4:abc:function:default:file-server:latest
          version: latest
          invocation-type: sync
          network-type: V2
          timeout: 50000
          req_protocol: HTTPS
  /mock:
    post:
      operationId: mockIt
      security:
        - apig-auth-iam: []
        - custom_auth: []
      x-apigateway-backend:
        type: MOCK
        mockEndpoints: {result-content: mocked}
  /vpc:
    put:
      operationId: vpcPut
      security:
        - {apig-auth-iam: [], custom_auth: []}
      x-apigateway-match-mode: SWA
      x-apigateway-backend:
        type: HTTP-VPC
        httpVpcEndpoints: {name: vpc_channel_1, host: internal.example, scheme: http, method: ANY, path: /, cascade_flag: false}
securityDefinitions:
  apig-auth-app-header:
    type: apiKey
    name: Authorization
    in: header
    x-apigateway-auth-type: AppSigv1
    x-apigateway-auth-opt: {appcode-auth-type: header}
  apig-auth-iam: {type: apiKey, name: unused, in: header, x-apigateway-auth-type: IAM}
  custom_auth:
    type: apiKey
    name: unused
    in: header
    x-apigateway-auth-type: AUTHORIZER
    x-apigateway-authorizer:
      authorizer_type: FUNC
      authorizer_uri: urn:fss:cn-north-4:abc:function:default:custom-auth
      authorizer_version: latest
      type: FRONTEND
      network_type: V2
      need_body: true
      auth_downgrade_enabled: true
      retry_attempts: 1
      timeout: 3000
      ttl: 60
      identities:
        - {name: Authorization, location: HEADER, validation: ""}
        - {name: token, location: QUERY, validation: "^[a-f0-9]+$"}
x-apigateway-ratelimits:
  perMinute:
    api-limit: 100
    user-limit: 10
    interval: 1
    unit: MINUTE
    shared: false
    special:
      - {type: APP, limit: 5, instance: app-id-1}
x-apigateway-access-controls:
  officeOnly: {acl-type: PERMIT, entity-type: IP, value: "10.0.0.0/8,192.168.0.1"}
x-apigateway-plugins:
  Plugin_mock:
    plugin_type: set_resp_headers
    plugin_content: '{"response_headers":[{"name":"X-Shop","value":"shop_api","action":"override"}]}'
x-apigateway-orchestrations:
  Orch_one:
    orchestration_strategy: list
    is_preprocessing: false
    orchestration_mapped_param: {mapped_param_name: X-Verbosity, mapped_param_type: string, mapped_param_location: header}
    orchestration_map:
      - {map_param_list: ["5"], mapped_param_value: max}
x-apigateway-responses:
  default:
    ACCESS_DENIED:
      status: 403
      body:
        application/json: '{"error_code":"$context.error.code","request_id":"$context.requestId"}'
  strict:
    AUTHORIZER_FAILURE:
      status: 401
      body:
        application/json: '{"msg":"no"}'
      headers:
        - {key: X-Why, value: denied}
`;

const AUTH_FILE = (authorizer: string, security = 'my_auth') => `swagger: "2.0"
info: {title: auth_group, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
${security ? `      security: [{${security}: []}]\n` : ''}      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}
securityDefinitions:
  my_auth:
    type: apiKey
    name: unused
    in: header
    x-apigateway-auth-type: AUTHORIZER
    x-apigateway-authorizer:
${authorizer}
`;
const AUTHORIZER = (extra: string) =>
  `      {authorizer_type: FUNC, authorizer_uri: "urn:fss:cn-north-4:p1:function:default:auth_fn", type: FRONTEND, ${extra}}`;

/**
 * Files APIG's import refuses, each for one reason (issue 9's reproductions), and files it takes
 * that the workbench once refused. Named for the test listings.
 */
export const RULE_FIXTURES: Record<string, string> = {
  'user_data over 2,048 characters': AUTH_FILE(AUTHORIZER(`ttl: 0, user_data: "${'u'.repeat(2049)}"`)),
  'ttl > 0 without identity sources': AUTH_FILE(AUTHORIZER('ttl: 60')),
  'an invalid identity validation expression': AUTH_FILE(AUTHORIZER('identities: [{name: Authorization, location: HEADER, validation: "([a-z"}]')),
  'identities on a BACKEND authorizer': AUTH_FILE(AUTHORIZER('identities: [{name: Authorization, location: HEADER}]').replace('type: FRONTEND', 'type: BACKEND'), ''),
  'an API protected by a BACKEND authorizer': AUTH_FILE(AUTHORIZER('ttl: 0').replace('type: FRONTEND', 'type: BACKEND')),
  'an unknown auth type': AUTH_FILE(AUTHORIZER('ttl: 0')).replace('x-apigateway-auth-type: AUTHORIZER', 'x-apigateway-auth-type: OAUTH2'),
  'a header parameter with _': `swagger: "2.0"
info: {title: hdr_group, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      parameters: [{name: x_trace, in: header, type: string}]
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}
`,
  'an unknown gateway response type': `swagger: "2.0"
info: {title: resp_group, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      x-apigateway-backend: {type: MOCK, mockEndpoints: {result-content: ok}}
x-apigateway-responses:
  default:
    NOT_A_TYPE: {status: 400, body: {application/json: x}}
`,
  'a backend timeout above 60,000 ms': `swagger: "2.0"
info: {title: slow_group, version: '1'}
paths:
  /a:
    get:
      operationId: a_api
      x-apigateway-backend: {type: HTTP, httpEndpoints: {address: "backend.example.com", scheme: https, method: GET, path: /a, timeout: 120000}}
`,
  // Shaped like the third-party file of issue 9: a V2 group name with '-', API names with '-' and '.'.
  'group software-package-server (V2 names)': `swagger: "2.0"
info: {title: software-package-server, description: software package review service, version: '1.0'}
host: pkg.example.com
paths:
  /v1/softwarepkg:
    get:
      operationId: list-software-packages
      parameters: [{name: importer, in: query, type: string}, {name: count_per_page, in: query, type: number}]
      x-apigateway-backend: {type: HTTP, httpEndpoints: {address: "backend.example.com", scheme: https, method: GET, path: /v1/softwarepkg, timeout: 5000}}
  /v1/softwarepkg/{id}:
    get:
      operationId: software.pkg.get
      parameters: [{name: id, in: path, required: true, type: string}]
      x-apigateway-backend: {type: HTTP, httpEndpoints: {address: "backend.example.com", scheme: https, method: GET, path: "/v1/softwarepkg/{id}", timeout: 5000}, parameters: [{name: id, in: PATH, origin: REQUEST, value: id}]}
`,
};
