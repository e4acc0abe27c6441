/** The window: explorer sidebar | tabs and the active screen, with the status bar beneath. */
import { useCallback, useState } from 'react';
import type { Connection } from './api/client';
import { WorkspaceDialog } from './workspace/WorkspaceDialog';
import { OpenWorkspaceDialog } from './workspace/dialogContext';
import { WorkspaceProvider, useWorkspace } from './state/WorkspaceContext';
import { NavProvider, nextSeq, useNav } from './state/NavContext';
import { TabActiveContext } from './state/TabActive';
import { Explorer } from './explorer/Explorer';
import { DiscardDialog, TabBar } from './components/TabBar';
import { StatusBar } from './components/StatusBar';
import { TabContent } from './TabContent';
import { useTheme } from './lib/theme';
import { useShortcuts } from './lib/shortcuts';

export function App({ connection }: { connection: Connection }) {
  return (
    <WorkspaceProvider connection={connection}>
      <PerWorkspace />
    </WorkspaceProvider>
  );
}

/**
 * Tabs belong to one workspace: opening another file starts again from its stored tabs (a fresh
 * NavProvider). The first file becoming known is not a switch: tabs opened while it loaded stay.
 */
function PerWorkspace() {
  const ws = useWorkspace();
  const file = ws.info?.file ?? '';
  const [shown, setShown] = useState({ file, generation: 0 });
  if (file && file !== shown.file) setShown({ file, generation: shown.file ? shown.generation + 1 : shown.generation });
  return (
    <NavProvider key={shown.generation} workspace={file}>
      <Shell />
    </NavProvider>
  );
}

function Shell() {
  const ws = useWorkspace();
  const nav = useNav();
  const [theme, toggleTheme] = useTheme();
  const [workspaceDialog, setWorkspaceDialog] = useState(false);
  const openWorkspaceDialog = useCallback(() => setWorkspaceDialog(true), []);
  const closeWorkspaceDialog = useCallback(() => setWorkspaceDialog(false), []);

  // Ctrl/Cmd+N: a new API when there is a group to put it in, else a new group.
  useShortcuts({ n: () => nav.open(ws.groups.length ? { kind: 'new-api', seq: nextSeq() } : { kind: 'new-group', seq: nextSeq() }) });

  return (
    <OpenWorkspaceDialog.Provider value={openWorkspaceDialog}>
      <div className="app">
        <div className="app-body">
          <aside className="sidebar">
            <div className="brand">
              <button
                className="brand-switch"
                onClick={openWorkspaceDialog}
                title={`${ws.info?.file ?? ''}\nOpen or create a workspace`}
                data-testid="open-workspace-dialog"
              >
                <span className="brand-name">APIG Workbench</span>
                <span className="brand-file">
                  <span data-testid="workspace-name">{ws.info?.name ?? 'loading…'}</span>
                  <span className="brand-caret" aria-hidden>▾</span>
                </span>
              </button>
              <span className="spacer" />
              <button className="icon-btn" onClick={toggleTheme} title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-toggle">
                {theme === 'dark' ? '☀' : '☾'}
              </button>
            </div>
            <div className="sidebar-actions">
              <button className="btn small" onClick={() => nav.open({ kind: 'tester' })} data-testid="open-tester" title="Request tester">
                Tester
              </button>
              <button className="btn small" onClick={() => nav.open({ kind: 'gateway' })} data-testid="open-gateway">
                Gateway
              </button>
              <button className="btn small" onClick={() => nav.open({ kind: 'lab' })} data-testid="open-lab" title="Test suites, cache inspector, failure injection">
                Lab
              </button>
              <button className="btn small" onClick={() => nav.open({ kind: 'definition' })} data-testid="open-definition">
                Import
              </button>
              <button className="btn small" onClick={() => nav.open({ kind: 'export' })} data-testid="open-export">
                Export
              </button>
              <button className="btn small" onClick={() => nav.open({ kind: 'deploy' })} data-testid="open-deploy">
                Deploy
              </button>
            </div>
            {ws.loadError && <div className="note error" style={{ margin: 8 }}>Could not load the workspace: {ws.loadError}</div>}
            <Explorer />
          </aside>
          <main className="main">
            <TabBar />
            {nav.tabs.map((tab) => (
              <div key={tab.instance} className={`pane${tab.key === nav.activeKey ? '' : ' hidden'}`} data-testid={`pane-${tab.spec.kind}`}>
                <TabActiveContext.Provider value={tab.key === nav.activeKey}>
                  <TabContent tabKey={tab.key} spec={tab.spec} />
                </TabActiveContext.Provider>
              </div>
            ))}
            {nav.tabs.length === 0 && <div className="pane"><div className="empty"><h2>No open tabs</h2><div>Pick something in the explorer on the left.</div></div></div>}
          </main>
        </div>
        <StatusBar />
        {workspaceDialog && <WorkspaceDialog onClose={closeWorkspaceDialog} />}
        {nav.pendingClose !== undefined && <DiscardDialog />}
      </div>
    </OpenWorkspaceDialog.Provider>
  );
}
