/** The request tester's {{variables}} per environment (src-shared/tester-variables.ts), kept as one JSON setting. */
import { checkTesterVariables, type TesterVariables } from '../../../src-shared/tester-variables';
import { ValidationError } from '../../../src-shared/rules/issues';
import { fromJson, toJson } from '../context';
import type { SettingsRepo } from './misc';

export const TESTER_VARIABLES_SETTING = 'tester.variables';

export interface TesterVariablesRepo {
  get(): TesterVariables;
  /** Replaces the set of one environment (an empty set removes it). */
  set(env: string, variables: Record<string, string>): TesterVariables;
}

export function createTesterVariablesRepo(settings: SettingsRepo): TesterVariablesRepo {
  const get = (): TesterVariables => fromJson<TesterVariables>(settings.get(TESTER_VARIABLES_SETTING) ?? '{}') ?? {};
  return {
    get,
    set(env, variables) {
      const issues = checkTesterVariables(variables);
      if (issues.length > 0) throw new ValidationError(issues, `invalid tester variables for ${env}`);
      const all = get();
      if (Object.keys(variables).length === 0) delete all[env];
      else all[env] = { ...variables };
      settings.set(TESTER_VARIABLES_SETTING, toJson(all));
      return all;
    },
  };
}
