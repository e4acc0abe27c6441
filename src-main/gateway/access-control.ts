/**
 * Pipeline stage: IP access control (runtime.md §5.3, §7 step 6), right after the route is known
 * and before authentication. A PERMIT policy admits only listed addresses; a DENY policy refuses
 * listed ones. Account (DOMAIN / DOMAIN_ID) policies apply to IAM-authenticated calls only.
 */
import { Errors } from '../../src-shared/apig/errors';
import { findIpRange } from '../../src-shared/apig/ip-ranges';
import { addStage, GatewayFailure, type Exchange } from './exchange';
import type { ApiEnvPolicies } from './compiled-policies';

export function accessControlStage(exchange: Exchange, policies: ApiEnvPolicies): void {
  const started = performance.now();
  if (policies.acls.length === 0) {
    addStage(exchange, 'access-control', 'skip', `no access-control policy bound in ${exchange.env}`, started);
    return;
  }
  const notes: string[] = [];
  for (const { policy, ranges } of policies.acls) {
    if (policy.entityType !== 'IP') {
      // [U] The local gateway has no IAM accounts to check account names or IDs against.
      notes.push(`${policy.name} (${policy.entityType}) restricts IAM accounts and is not checked locally`);
      continue;
    }
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
  addStage(exchange, 'access-control', 'ok', notes.join('; '), started);
}
