/** API group rules (runtime.md §3.1): name, description, up to 5 independent domains. */
import type { ApiGroup } from '../model';
import { IssueList, type RuleIssue } from './issues';
import { LIMITS } from './limits';
import { checkGroupOrApiName } from './names';

/** A host name, optionally with a leading wildcard label (APIG accepts *.example.com). */
const DOMAIN = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A group's subdomain as a file's `host` carries it: a host name (no wildcard) and an optional port. */
export const HOST_AND_PORT = /^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(:\d{1,5})?$/;

export function validateGroup(group: Omit<ApiGroup, 'id' | 'createdAt' | 'updatedAt'>): RuleIssue[] {
  const list = new IssueList();
  checkGroupOrApiName(list, 'name', group.name);
  list.maxLength('description', group.description, LIMITS.descriptionLength);
  list.boolean('isDefault', group.isDefault);
  const domains = list.array('domains', group.domains, LIMITS.groupDomains);
  const seen = new Set<string>();
  domains.forEach((d, i) => {
    const field = `domains[${i}]`;
    const domain = list.string(field, d, { required: true });
    if (domain === undefined) return;
    if (!list.length(field, domain, 1, 255)) return;
    if (!list.pattern(field, domain, DOMAIN, 'must be a host name such as api.example.com (no scheme, port or path)')) return;
    if (seen.has(domain.toLowerCase())) list.add(field, 'unique', `domain ${domain} is listed twice`);
    seen.add(domain.toLowerCase());
  });
  if (group.subdomain !== '') {
    const subdomain = list.string('subdomain', group.subdomain);
    if (subdomain !== undefined && list.length('subdomain', subdomain, 1, 255)) {
      list.pattern('subdomain', subdomain, HOST_AND_PORT, 'must be a host name, optionally with :port (no scheme or path), as in a file\'s host');
    }
  }
  return list.items;
}
