/**
 * The shape of a deploy's plan and result, shared by the CLI, the contract and the Deploy screen.
 * A plan is a list of steps in the order they run; applying marks each step done, failed or not
 * done, so a failure midway says exactly what reached the cloud and what did not.
 */

export type DeployStepKind = 'group' | 'environment' | 'variable' | 'function' | 'api' | 'authorizer' | 'publish';
/** What the step does to the cloud; `unchanged` and `left alone` do nothing. */
export type DeployAction = 'create' | 'update' | 'unchanged' | 'left alone';
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
