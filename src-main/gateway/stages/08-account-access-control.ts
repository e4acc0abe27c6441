/**
 * Pipeline stage: account access control (runtime.md §5.3, §7 step 9), after authentication and
 * the frontend authorizer, before throttling. Account-name (DOMAIN) and account-ID (DOMAIN_ID)
 * policies restrict IAM-authenticated calls only, by the caller's account, not its IAM user:
 * - when both an allow list and a deny list are bound, only the allow list is checked;
 * - otherwise every bound account policy is checked and all must pass (name AND ID).
 * The IP check (step 6) has already passed by then, so IP and account results are ANDed.
 * Refusal: ACCESS_DENIED 403 APIG.0302 [I].
 *
 * The stage appears in the trace only when an account policy is bound.
 */
import type { AccessControlPolicy } from '../../../src-shared/model';
import type { AccountChecksDetail } from '../../../src-shared/trace';
import { Errors } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, type Exchange } from '../exchange';
import type { ApiEnvPolicies, CompiledAcl } from '../view/compiled-policies';

export interface IamAccount {
  name: string;
  id: string;
}

export interface AccountCheck {
  policy: AccessControlPolicy;
  /** The account's name (DOMAIN) or ID (DOMAIN_ID) is in the policy's list. */
  listed: boolean;
  /** PERMIT: listed; DENY: not listed. */
  passed: boolean;
}

export interface AccountVerdict {
  allowed: boolean;
  checks: AccountCheck[];
  /** Deny lists left unchecked because an allow list is bound too. */
  ignored: AccessControlPolicy[];
}

/** The §5.3 rule for account policies, on their own (no IAM or trace concerns). */
export function evaluateAccountAcls(acls: readonly CompiledAcl[], account: IamAccount): AccountVerdict {
  const permits = acls.filter((a) => a.policy.aclType === 'PERMIT');
  const denies = acls.filter((a) => a.policy.aclType === 'DENY');
  const onlyPermits = permits.length > 0 && denies.length > 0;
  const checks = (onlyPermits ? permits : acls).map(({ policy, accounts }): AccountCheck => {
    const key = policy.entityType === 'DOMAIN_ID' ? account.id.toLowerCase() : account.name;
    const listed = accounts?.has(key) ?? false;
    return { policy, listed, passed: policy.aclType === 'PERMIT' ? listed : !listed };
  });
  return { allowed: checks.every((c) => c.passed), checks, ignored: onlyPermits ? denies.map((a) => a.policy) : [] };
}

export function accountAccessControlStage(exchange: Exchange, policies: ApiEnvPolicies): void {
  const acls = policies.acls.filter((a) => a.policy.entityType !== 'IP');
  if (acls.length === 0) return;
  const started = performance.now();
  const api = exchange.api!;
  const bound = acls.map((a) => describePolicy(a.policy)).join(', ');
  const account = exchange.iamAccount;
  if (api.authType !== 'IAM' || !account) {
    addStage(
      exchange,
      'account-access-control',
      'skip',
      `account policy ${bound} not checked: account policies apply to IAM-authenticated calls only and API ${api.name} uses auth type ${api.authType}`,
      started,
      { authType: api.authType, policies: acls.map((a) => a.policy.name) },
    );
    return;
  }

  const verdict = evaluateAccountAcls(acls, account);
  const who = `IAM user ${exchange.iamUser} of account ${account.name} (ID ${account.id})`;
  const detail: AccountChecksDetail = {
    user: exchange.iamUser,
    accountName: account.name,
    accountId: account.id,
    policies: verdict.checks.map((c) => ({
      policy: c.policy.name,
      aclType: c.policy.aclType,
      entityType: c.policy.entityType,
      listed: c.listed,
      passed: c.passed,
    })),
  };
  if (verdict.ignored.length) detail.ignored = verdict.ignored.map((p) => p.name);
  const ignoredNote = verdict.ignored.map((p) => `deny list ${describePolicy(p)} not checked because an allow list is bound too`);
  if (!verdict.allowed) {
    const reasons = verdict.checks.filter((c) => !c.passed).map((c) => explain(c, account));
    addStage(exchange, 'account-access-control', 'fail', `${who}: ${[...reasons, ...ignoredNote].join('; ')} → ACCESS_DENIED APIG.0302`, started, detail);
    throw new GatewayFailure(Errors.accountDenied());
  }
  addStage(exchange, 'account-access-control', 'ok', `${who}: ${[...verdict.checks.map((c) => explain(c, account)), ...ignoredNote].join('; ')}`, started, detail);
}

function describePolicy(p: AccessControlPolicy): string {
  return `${p.name} (${p.entityType === 'DOMAIN' ? 'account name' : 'account ID'})`;
}

function explain(c: AccountCheck, account: IamAccount): string {
  const what = c.policy.entityType === 'DOMAIN' ? `account name ${account.name}` : `account ID ${account.id}`;
  const list = c.policy.aclType === 'PERMIT' ? 'allow' : 'deny';
  return `${what} is ${c.listed ? '' : 'not '}in the ${list} list of ${c.policy.name}`;
}
