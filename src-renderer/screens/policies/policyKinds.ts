/** The four kinds of policy the Policies screen edits, and which one it shows. */
import type { PolicyKind } from '../../../src-shared/model';
import { createSelectionStore } from '../credentials/selectionStore';

export type PolicyScreenKind = PolicyKind | 'orchestration';

export const POLICY_SCREEN_KINDS: { kind: PolicyScreenKind; title: string; one: string }[] = [
  { kind: 'throttle', title: 'Throttling', one: 'throttling policy' },
  { kind: 'acl', title: 'Access control', one: 'access-control policy' },
  { kind: 'plugin', title: 'Plug-ins', one: 'plug-in' },
  { kind: 'orchestration', title: 'Orchestration', one: 'orchestration rule' },
];

export interface PolicySelection {
  kind: PolicyScreenKind;
  /** A policy id, 'new' for the create form, undefined for none. */
  id?: string;
}

export const policySelection = createSelectionStore<PolicySelection>({ kind: 'throttle' });

/** `''` → NaN (a required number left empty: the store names the field). */
export const requiredNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** `''` → null, which clears an optional limit on update (undefined would leave it unchanged). */
export const optionalNumber = (text: string): number | null => (text.trim() === '' ? null : Number(text));

export const numberText = (n: number | null | undefined): string => (n === undefined || n === null || Number.isNaN(n) ? '' : String(n));
