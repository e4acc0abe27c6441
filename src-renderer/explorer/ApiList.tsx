/**
 * The APIs of the workspace, filterable by text (name or path) and group. Filtering runs in memory
 * and the list is virtualized, so it stays instant with thousands of APIs.
 */
import { useDeferredValue, useMemo, useState } from 'react';
import { VirtualList } from '../components/VirtualList';
import { MethodBadge } from '../components/MethodBadge';
import { useWorkspace } from '../state/WorkspaceContext';
import { filterApis } from './filterApis';
import { useNav } from '../state/NavContext';

const ROW_HEIGHT = 26;

export function ApiList() {
  const { apis, groups } = useWorkspace();
  const nav = useNav();
  const [text, setText] = useState('');
  const [groupId, setGroupId] = useState('');
  // Typing stays responsive even while a large list re-filters.
  const deferredText = useDeferredValue(text);
  const shown = useMemo(() => filterApis(apis, deferredText, groupId), [apis, deferredText, groupId]);
  const activeKey = nav.activeKey;

  return (
    <>
      <div className="row nowrap" style={{ padding: '0 10px 6px' }}>
        <input className="grow" placeholder="Filter by name or path" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter APIs" data-testid="api-filter" />
        {groups.length > 1 && (
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)} aria-label="Group filter" style={{ width: 110 }}>
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        )}
      </div>
      {shown.length === 0 ? (
        <div className="section-empty">No API matches “{text}”.</div>
      ) : (
        <VirtualList
          testId="api-list"
          items={shown}
          rowHeight={ROW_HEIGHT}
          maxHeight={360}
          rowKey={(item) => item.api.id}
          renderRow={({ api, publications }) => (
            <div
              className={`tree-item${activeKey === `api:${api.id}` ? ' active' : ''}`}
              onClick={() => nav.open({ kind: 'api', id: api.id })}
              title={`${api.method} ${api.path}`}
              data-testid="api-item"
            >
              <MethodBadge method={api.method} />
              <span className="label">{api.name}</span>
              <span className="sub">{api.path}</span>
              {publications.length > 0 && <span className="dot on" title={`Published in ${publications.map((p) => p.envName).join(', ')}`} />}
            </div>
          )}
        />
      )}
      {shown.length > 0 && shown.length !== apis.length && (
        <div className="section-empty">
          {shown.length} of {apis.length}
        </div>
      )}
    </>
  );
}
