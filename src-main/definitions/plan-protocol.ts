/** Messages between DefinitionPlanner (main thread) and plan-worker.ts. */
import type { PlanOptions } from '../../src-shared/openapi/definitions';
import type { ImportPlan } from '../../src-shared/openapi/plan';

/** PlanOptions as it crosses threads (a Set does, but an explicit array reads better in both places). */
export type WirePlanOptions = Omit<PlanOptions, 'variables'> & { variables?: string[] };

export type PlannerRequest =
  | { t: 'plan'; id: number; text: string; options: WirePlanOptions; keepLocator: boolean }
  | { t: 'locate'; id: number; pointers: string[] }
  | { t: 'release'; id: number };

export type PlannerReply =
  | { t: 'plan'; id: number; plan: ImportPlan }
  | { t: 'locate'; id: number; positions: { line: number; column: number }[] }
  | { t: 'error'; id: number; message: string };
