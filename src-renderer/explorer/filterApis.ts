/** The explorer's API filter: text matches name or path (case-insensitive) or the exact method. */
import type { ApiListItem } from '../../src-shared/contract';

export function filterApis(items: readonly ApiListItem[], text: string, groupId: string): ApiListItem[] {
  const needle = text.trim().toLowerCase();
  return items.filter(
    ({ api }) =>
      (!groupId || api.groupId === groupId) &&
      (!needle || api.name.toLowerCase().includes(needle) || api.path.toLowerCase().includes(needle) || api.method.toLowerCase() === needle),
  );
}
