/**
 * Pipeline stage: IP access control (runtime.md §5.3, §7 step 6), right after the route is known
 * and before authentication. A PERMIT policy admits only listed addresses; a DENY policy refuses
 * listed ones. Account (DOMAIN / DOMAIN_ID) policies need the authenticated IAM account, so they
 * are checked later, at step 9 (account-acl.ts); both checks must pass.
 */
import { Errors } from '../../../src-shared/apig/errors';
import { findIpRange } from '../../../src-shared/apig/ip-ranges';
import { addStage, GatewayFailure, type Exchange } from '../exchange';
import type { ApiEnvPolicies } from '../view/compiled-policies';

const noPolicyIn = (env: string) => `no access-control policy bound in ${env}`;

export function accessControlStage(exchange: Exchange, policies: ApiEnvPolicies): void {
  const started = performance.now();
  if (policies.acls.length === 0) {
    addStage(exchange, 'access-control', 'skip', noPolicyIn, started, undefined, exchange.env!);
    return;
  }
  const ipAcls = policies.acls.filter((a) => a.policy.entityType === 'IP');
  if (ipAcls.length === 0) {
    const accounts = policies.acls.map((a) => a.policy.name).join(', ');
    addStage(exchange, 'access-control', 'skip', `no IP access-control policy bound in ${exchange.env}; account policy ${accounts} is checked after authentication`, started);
    return;
  }
  const notes: string[] = [];
  for (const { policy, ranges } of ipAcls) {
    const hit = findIpRange(ranges, exchange.sourceIp);
    const detail = { policy: policy.name, aclType: policy.aclType, sourceIp: exchange.sourceIp, matched: hit?.text };
    const denied = policy.aclType === 'PERMIT' ? !hit : !!hit;
    if (denied) {
      const why =
        policy.aclType === 'PERMIT'
          ? `source IP ${exchange.sourceIp} is not in the allow list of ${policy.name}`
          : `source IP ${exchange.sourceIp} matches ${hit!.text} in the deny list of ${policy.name}`;
      addStage(exchange, 'access-control', 'fail', `${why} → ACCESS_DENIED APIG.0402`, started, detail);
      throw new GatewayFailure(Errors.ipDenied());
    }
    notes.push(
      policy.aclType === 'PERMIT'
        ? `source IP ${exchange.sourceIp} is allowed by ${hit!.text} in ${policy.name}`
        : `source IP ${exchange.sourceIp} is not in the deny list of ${policy.name}`,
    );
  }
  const accountAcls = policies.acls.filter((a) => a.policy.entityType !== 'IP');
  if (accountAcls.length) notes.push(`account policy ${accountAcls.map((a) => a.policy.name).join(', ')} is checked after authentication`);
  addStage(exchange, 'access-control', 'ok', notes.join('; '), started);
}
