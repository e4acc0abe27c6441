/**
 * Pipeline stage 1: the API group, found by the request's Host among the groups' domains, else the
 * default group (runtime.md §3.1).
 */
import { Errors } from '../../../src-shared/apig/errors';
import { addStage, GatewayFailure, hostnameOf, type Exchange } from '../exchange';
import type { CompiledView } from '../view/compiled-view';

/** The stage's sentences, written only when the trace is read (see StageLog). */
const isDomainOf = (hostname: string, group: string) => `Host "${hostname}" is a domain of group ${group}`;
const defaultGroupFor = (hostname: string, group: string) => `Host "${hostname}" matches no domain → default group ${group}`;

export function resolveGroupStage(exchange: Exchange, view: CompiledView): void {
  const started = performance.now();
  const hostname = hostnameOf(exchange.host);
  const byDomain = view.groupsByDomain.get(hostname);
  const group = byDomain ?? view.defaultGroup;
  if (!group) {
    addStage(exchange, 'group', 'fail', `Host "${hostname}" matches no group's domain and there is no default group`, started);
    throw new GatewayFailure(Errors.apiNotPublished());
  }
  exchange.group = group;
  addStage(exchange, 'group', 'ok', byDomain ? isDomainOf : defaultGroupFor, started, undefined, hostname, group.group.name);
}
