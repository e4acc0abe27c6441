/**
 * The shape of a deploy's plan and result, shared by the CLI, the contract and the Deploy screen.
 * A plan is a list of steps in the order they run; applying marks each step done, failed or not
 * done, so a failure midway says exactly what reached the cloud and what did not.
 */

/**
 * Regions of Huawei Cloud with APIG and FunctionGraph (the official SDKs' region tables, 3.1.x);
 * their endpoints are apig.{region}.myhuaweicloud.com and functiongraph.{region}.myhuaweicloud.com.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'af-north-1', 'af-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'cn-east-2', 'cn-east-3', 'cn-east-4', 'cn-east-5', 'cn-north-1', 'cn-north-2', 'cn-north-4', 'cn-north-9',
  'cn-south-1', 'cn-south-2', 'cn-south-4', 'cn-southwest-2', 'eu-west-0', 'eu-west-101',
  'la-north-2', 'la-south-2', 'me-east-1', 'my-kualalumpur-1', 'ru-moscow-1', 'sa-brazil-1', 'tr-west-1',
];

export type DeployStepKind = 'group' | 'environment' | 'variable' | 'function' | 'api' | 'authorizer' | 'publish';
/** What the step does to the cloud; `unchanged` and `left alone` do nothing. */
export type DeployAction = 'create' | 'update' | 'unchanged' | 'left alone';
/** `planned` until applied; steps with nothing to do (unchanged, left alone) stay `planned`. */
export type DeployStepStatus = 'planned' | 'done' | 'failed' | 'not done';

export interface DeployStep {
  kind: DeployStepKind;
  /** The object's name: `GET /path` for an API, the variable's name, … */
  name: string;
  action: DeployAction;
  /** Why: which fields differ, which version will be published, … */
  detail: string;
  status: DeployStepStatus;
}

export type DeployOutcome =
  /** --plan: nothing was changed. */
  | 'planned'
  /** The cloud already matched: no change made. */
  | 'unchanged'
  | 'applied'
  /** The workspace is not deployable (pre-flight errors): nothing was sent. */
  | 'refused'
  /** The cloud refused a step: see the steps' statuses and `error`. */
  | 'failed';

export interface DeployReport {
  groupName: string;
  envName: string;
  outcome: DeployOutcome;
  steps: DeployStep[];
  /** Pre-flight problems of the definition that would be imported (`file:line:col` style text). */
  problems: string[];
  /** After apply: what the cloud's export differs in from the workspace. */
  drift: string[];
  error?: string;
}

/** Steps that change something on the cloud. */
export function isChange(step: DeployStep): boolean {
  return step.action === 'create' || step.action === 'update';
}
