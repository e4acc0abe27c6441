import type { TraceStageName } from '../../src-shared/trace';

/** What each pipeline stage is called on screen, in the words of the APIG docs. */
export const STAGE_TITLES: Record<TraceStageName, string> = {
  limits: 'Request limits',
  group: 'API group (by Host)',
  environment: 'Environment (by X-Stage)',
  route: 'Route matched',
  protocol: 'Protocol',
  authentication: 'Authentication',
  authorizer: 'Custom authorizer',
  'access-control': 'Access control (IP)',
  'account-access-control': 'Access control (IAM account)',
  throttling: 'Request throttling',
  parameters: 'Request parameters',
  orchestration: 'Parameter orchestration',
  'backend-policy': 'Backend policy',
  'backend-authorizer': 'Backend authorizer',
  'backend-request': 'Backend request built',
  backend: 'Backend call',
  response: 'Response',
  'response-plugins': 'Response plug-ins',
  'gateway-response': 'Gateway response',
};

export const STAGE_COLORS = ['#2f6fde', '#1a7f37', '#9a6700', '#8250df', '#cf222e', '#0f7b8a', '#bc4c00', '#6e7781'];
