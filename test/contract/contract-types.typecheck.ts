/**
 * Compile-time checks of the contract's types, run by `npx tsc -p test` (not by vitest: nothing here
 * executes). Each `@ts-expect-error` line must fail to compile; if the types ever let it through,
 * tsc reports the directive as unused and the typecheck fails.
 *
 * The argument types are inferred from the valibot schemas that also check the calls at run time
 * (src-shared/contract-args.ts), so a field cannot exist in the type and be refused by the check, or
 * the other way round; these lines show that a use site that disagrees with a schema does not compile.
 */
import { expectTypeOf } from 'vitest';
import type { ArgsOf, ResultOf, WorkbenchApi } from '../../src-shared/contract';
import type { ApiGroup } from '../../src-shared/model';
import type { FaultRuleInput } from '../../src-shared/lab/faults';

export function callers(api: WorkbenchApi): void {
  // @ts-expect-error 'force' is not an argument of updateApi (the boundary refuses it as unknown)
  void api.updateApi({ id: 'a', patch: {}, force: true });
  // @ts-expect-error 'id' is required
  void api.getGroup({});
  // @ts-expect-error port is a number
  void api.setGatewayPort({ port: '8080' });
  // @ts-expect-error the tester sends concrete methods only (APIG's ANY is a route, not a request)
  void api.sendRequest({ method: 'ANY', url: '/' });
  // @ts-expect-error listGroups takes no argument
  void api.listGroups({ groupId: 'g' });
  // Every field optional: the argument may be left out.
  void api.listApis();
  void api.listApis({ filter: { method: 'ANY' } });
}

export const handlers: Pick<WorkbenchApi, 'getGroup' | 'addFaultRule'> = {
  getGroup: async (args) => {
    // @ts-expect-error a handler cannot read an argument the schema does not declare
    void args.name;
    return { id: args.id } as ApiGroup;
  },
  addFaultRule: async ({ rule }) => {
    // The schema's checks narrow the rule to the lab's type (a target of one kind), so the lab takes it as it is.
    expectTypeOf(rule).toExtend<FaultRuleInput>();
    return { ...rule, id: 'r' } as ResultOf<'addFaultRule'>;
  },
};

// The inferred types read as the hand-written ones did.
expectTypeOf<ArgsOf<'getGroup'>>().toEqualTypeOf<{ id: string }>();
expectTypeOf<ArgsOf<'publishApi'>>().toEqualTypeOf<{ apiId: string; envId: string; remark?: string | undefined }>();
expectTypeOf<ArgsOf<'listApis'>['filter']>().toEqualTypeOf<
  { groupId?: string; text?: string; method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH' | 'OPTIONS' | 'ANY'; authType?: 'NONE' | 'APP' | 'IAM' | 'AUTHORIZER'; authorizerId?: string } | undefined
>();
expectTypeOf<Parameters<WorkbenchApi['workspaceInfo']>>().toEqualTypeOf<[]>();
