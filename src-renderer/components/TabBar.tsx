/**
 * The open tabs, titled from the live workspace data (a rename shows at once). The strip scrolls to
 * the active tab, lists every tab in a menu when they do not fit, marks tabs with unsaved edits and
 * asks before closing one of those.
 */
import { useEffect, useRef, useState } from 'react';
import { useNav } from '../state/NavContext';
import { useWorkspace, type WorkspaceState } from '../state/WorkspaceContext';
import type { TabSpec } from '../state/tabs';

export function tabTitle(spec: TabSpec, ws: WorkspaceState): string {
  switch (spec.kind) {
    case 'welcome':
      return 'Start';
    case 'api': {
      const api = ws.apis.find((a) => a.api.id === spec.id)?.api;
      return api ? `${api.method} ${api.name}` : 'API';
    }
    case 'new-api':
      return 'New API';
    case 'group':
      return ws.groups.find((g) => g.id === spec.id)?.name ?? 'Group';
    case 'new-group':
      return 'New group';
    case 'authorizer':
      return ws.authorizers.find((a) => a.id === spec.id)?.name ?? 'Authorizer';
    case 'new-authorizer':
      return 'New authorizer';
    case 'function':
      return ws.functions.find((f) => f.id === spec.id)?.name ?? 'Function';
    case 'new-function':
      return 'New function';
    case 'environments':
      return 'Environments';
    case 'response-set':
    {
      // Every group has a set named "default": say whose it is.
      const set = ws.responseSets.find((s) => s.id === spec.id);
      const group = set && ws.groups.find((g) => g.id === set.groupId);
      return set ? `Responses ${set.name}${set.isDefault && group ? ` (${group.name})` : ''}` : 'Gateway responses';
    }
    case 'definition':
      return 'Import definition';
    case 'export':
      return 'Export';
    case 'deploy':
      return 'Deploy';
    case 'tester':
      return spec.seq ? `Request tester ${spec.seq + 1}` : 'Request tester';
    case 'gateway':
      return 'Gateway';
    case 'lab':
      return 'Authorizer lab';
    case 'credentials':
      return 'Credentials';
    case 'policies':
      return 'Policies';
    case 'trace':
      return `Trace ${spec.id.slice(0, 8)}`;
  }
}

export function TabBar() {
  const nav = useNav();
  const ws = useWorkspace();
  const strip = useRef<HTMLDivElement>(null);
  const [listOpen, setListOpen] = useState(false);

  // The active tab is always in view, however many tabs are open and however wide the window.
  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const reveal = () => el.querySelector<HTMLElement>('.tab.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    reveal();
    const observer = new ResizeObserver(reveal);
    observer.observe(el);
    return () => observer.disconnect();
  }, [nav.activeKey, nav.tabs.length]);

  return (
    <div className="tabbar-wrap">
      <div className="tabbar" role="tablist" ref={strip} data-testid="tab-strip">
        {nav.tabs.map((tab) => {
          const title = tabTitle(tab.spec, ws);
          const dirty = nav.dirty.has(tab.key);
          return (
            <div
              key={tab.key}
              role="tab"
              aria-selected={tab.key === nav.activeKey}
              className={`tab${tab.key === nav.activeKey ? ' active' : ''}${dirty ? ' dirty' : ''}`}
              onClick={() => nav.open(tab.spec)}
              onAuxClick={(e) => e.button === 1 && nav.requestClose(tab.key)}
              title={dirty ? `${title} (unsaved)` : title}
            >
              <span className="title">{title}</span>
              {dirty && (
                <span className="dirty-mark" aria-label="unsaved" data-testid="tab-dirty">
                  ●
                </span>
              )}
              <button
                className="close"
                aria-label="Close tab"
                onClick={(e) => {
                  e.stopPropagation();
                  nav.requestClose(tab.key);
                }}
              >
                ×
              </button>
            </div>
          );
        })}
      </div>
      {nav.tabs.length > 0 && (
        <div className="tab-list-wrap">
          <button
            className="icon-btn tab-list-btn"
            onClick={() => setListOpen(!listOpen)}
            aria-haspopup="menu"
            aria-expanded={listOpen}
            title="All open tabs"
            data-testid="tab-list-button"
          >
            ⌄ {nav.tabs.length}
          </button>
          {listOpen && (
            <>
              <div className="menu-backdrop" onClick={() => setListOpen(false)} />
              <div className="menu tab-list" role="menu" data-testid="tab-list">
                {nav.tabs.map((tab) => (
                  <button
                    key={tab.key}
                    role="menuitem"
                    className={`menu-item${tab.key === nav.activeKey ? ' on' : ''}`}
                    onClick={() => {
                      nav.open(tab.spec);
                      setListOpen(false);
                    }}
                    data-testid="tab-list-item"
                  >
                    <span className="title">{tabTitle(tab.spec, ws)}</span>
                    {nav.dirty.has(tab.key) && <span className="dirty-mark">●</span>}
                  </button>
                ))}
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** "Discard unsaved edits?" before a tab with unsaved edits closes. */
export function DiscardDialog() {
  const nav = useNav();
  const ws = useWorkspace();
  const keep = useRef<HTMLButtonElement>(null);
  const tab = nav.tabs.find((t) => t.key === nav.pendingClose);
  useEffect(() => keep.current?.focus(), []);
  if (!tab) return null;
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && nav.cancelClose()} onKeyDown={(e) => e.key === 'Escape' && nav.cancelClose()}>
      <div className="modal small" role="alertdialog" aria-modal="true" aria-labelledby="discard-title" aria-describedby="discard-text" data-testid="discard-dialog">
        <div className="modal-head">
          <h2 id="discard-title" style={{ margin: 0, fontSize: 15 }}>Discard unsaved changes?</h2>
        </div>
        <div className="modal-body">
          <div id="discard-text">
            <b>{tabTitle(tab.spec, ws)}</b> has changes that are not saved. Closing the tab discards them.
          </div>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <button className="btn danger" onClick={nav.confirmClose} data-testid="discard-changes">
              Discard changes
            </button>
            <button className="btn primary" ref={keep} onClick={nav.cancelClose} data-testid="keep-editing">
              Keep editing
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
