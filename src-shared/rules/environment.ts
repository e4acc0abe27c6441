/** Environment and environment-variable rules (runtime.md §3.1, §3.4). */
import type { Environment, EnvVariable } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';
import { checkEnvironmentName, checkVariableName } from './names';

export function validateEnvironment(env: Omit<Environment, 'id' | 'createdAt'>): RuleIssue[] {
  const list = new IssueList();
  checkEnvironmentName(list, 'name', env.name);
  list.maxLength('description', env.description, LIMITS.descriptionLength);
  return list.items;
}

const VARIABLE_VALUE = /^[A-Za-z0-9_\-/.:]+$/;

export function validateVariable(variable: Pick<EnvVariable, 'name' | 'value'>): RuleIssue[] {
  const list = new IssueList();
  checkVariableName(list, 'name', variable.name);
  const value = list.string('value', variable.value, { required: true });
  if (value !== undefined && list.length('value', value, 1, 255)) {
    list.pattern('value', value, VARIABLE_VALUE, 'may contain only letters, digits and _ - / . :');
  }
  return list.items;
}
