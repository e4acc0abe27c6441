/**
 * Open another workspace or create one: recent files, a file by path, a new empty workspace or a new
 * copy of the sample. Each failure (file in use by another process, not a workspace, already exists)
 * is shown beside the action that caused it; the dialog stays open so the user can correct the path.
 */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { WorkspaceInfo } from '../../src-shared/contract';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';
import { baseName, dirName, joinPath, suggestNewWorkspaceFile } from './paths';

type Busy = 'recent' | 'open' | 'create' | undefined;

export function WorkspaceDialog({ onClose }: { onClose(): void }) {
  const ws = useWorkspace();
  const info = ws.info;
  const [openPath, setOpenPath] = useState('');
  const [createPath, setCreatePath] = useState(() => (info ? suggestNewWorkspaceFile(info.file, info.recent) : ''));
  const [fromSample, setFromSample] = useState(false);
  const [busy, setBusy] = useState<Busy>();
  const [errors, setErrors] = useState<{ recent?: { file: string; message: string }; open?: string; create?: string }>({});
  const dialog = useRef<HTMLDivElement>(null);

  const close = useEffectEvent(() => onClose());
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    // Focus once, on opening: later renders (live events arrive all the time) must not steal focus.
    dialog.current?.focus();
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The core announces a switch to every window, this one included, which then loads the new file's
  // lists; the dialog stays open (busy) until this window shows that file.
  const [switchingTo, setSwitchingTo] = useState<string>();
  const shown = ws.info?.file;
  useEffect(() => {
    if (switchingTo !== undefined && shown === switchingTo) close();
  }, [switchingTo, shown]);

  const run = async (which: Exclude<Busy, undefined>, call: () => Promise<WorkspaceInfo>, fail: (message: string) => void) => {
    setBusy(which);
    setErrors({});
    try {
      setSwitchingTo((await call()).file);
    } catch (error) {
      fail(errorMessage(error));
      setBusy(undefined);
    }
  };

  const openFile = (file: string, from: 'recent' | 'open') =>
    run(from, () => ws.api.openWorkspace({ file }), (message) => setErrors(from === 'recent' ? { recent: { file, message } } : { open: message }));

  const create = () => {
    const file = createPath.trim();
    if (!file) return setErrors({ create: 'Give the path of the new workspace file.' });
    return run('create', () => ws.api.createWorkspace({ file, fromSample }), (message) => setErrors({ create: message }));
  };

  const recent = info?.recent ?? [];
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="workspace-dialog-title" tabIndex={-1} ref={dialog} data-testid="workspace-dialog">
        <div className="modal-head">
          <h2 id="workspace-dialog-title">Workspaces</h2>
          <span className="grow" />
          <button className="icon-btn" onClick={onClose} aria-label="Close" title="Close (Esc)">×</button>
        </div>
        <div className="modal-body">
          {info && (
            <div className="current-ws">
              <div className="row">
                <b>{info.name}</b>
                <span className="badge ok">open</span>
                {info.fromSample && <span className="badge">copy of the sample</span>}
              </div>
              <div className="mono muted" data-testid="current-workspace-file">{info.file}</div>
              <div className="muted">
                A workspace is one SQLite file with everything you author, your traces and tester history. One program at a time may have it open.
              </div>
            </div>
          )}

          <section>
            <h4>Recent</h4>
            {recent.length <= 1 ? (
              <div className="muted">No other workspaces opened yet.</div>
            ) : (
              <div className="recent-list" data-testid="recent-workspaces">
                {recent.map((file) => {
                  const current = file === info?.file;
                  const failed = errors.recent?.file === file ? errors.recent.message : undefined;
                  return (
                    <div key={file}>
                      <button
                        className={`recent-item${current ? ' current' : ''}`}
                        disabled={current || !!busy}
                        onClick={() => void openFile(file, 'recent')}
                        title={current ? 'This workspace is open' : `Open ${file}`}
                        data-testid="recent-workspace"
                      >
                        <span className="name">{baseName(file)}</span>
                        <span className="dir mono">{dirName(file)}</span>
                        {current ? <span className="badge ok">open</span> : busy === 'recent' ? <span className="spinner" /> : null}
                      </button>
                      {failed && <div className="field-error" role="alert" data-testid="recent-error">{failed}</div>}
                    </div>
                  );
                })}
              </div>
            )}
          </section>

          <section>
            <h4>Open a workspace file</h4>
            <form
              className="row nowrap"
              onSubmit={(e) => {
                e.preventDefault();
                if (openPath.trim()) void openFile(openPath.trim(), 'open');
              }}
            >
              <input
                className={`grow mono${errors.open ? ' invalid' : ''}`}
                value={openPath}
                onChange={(e) => setOpenPath(e.target.value)}
                placeholder={info ? joinPath(dirName(info.file), 'other.db') : '/path/to/workspace.db'}
                aria-label="Workspace file to open"
                data-testid="open-workspace-path"
              />
              <button className="btn" type="submit" disabled={!openPath.trim() || !!busy} data-testid="open-workspace">
                {busy === 'open' && <span className="spinner" />} Open
              </button>
            </form>
            {errors.open && <div className="field-error" role="alert" data-testid="open-error">{errors.open}</div>}
            <div className="field-hint">The full path of a workspace file on this computer (the core opens it, not the browser).</div>
          </section>

          <section>
            <h4>Create a new workspace</h4>
            <form
              className="stack"
              onSubmit={(e) => {
                e.preventDefault();
                void create();
              }}
            >
              <input
                className={`mono${errors.create ? ' invalid' : ''}`}
                value={createPath}
                onChange={(e) => setCreatePath(e.target.value)}
                aria-label="New workspace file"
                data-testid="create-workspace-path"
              />
              <div className="row">
                <label className="check">
                  <input type="radio" name="ws-content" checked={!fromSample} onChange={() => setFromSample(false)} data-testid="create-empty" /> Empty
                </label>
                <label className="check">
                  <input type="radio" name="ws-content" checked={fromSample} onChange={() => setFromSample(true)} data-testid="create-sample" /> A copy of the sample (APIs, authorizers, functions to try)
                </label>
                <span className="grow" />
                <button className="btn primary" type="submit" disabled={!!busy} data-testid="create-workspace">
                  {busy === 'create' && <span className="spinner" />} Create and open
                </button>
              </div>
            </form>
            {errors.create && <div className="field-error" role="alert" data-testid="create-error">{errors.create}</div>}
          </section>
          <div className="field-hint">The gateway restarts on the workspace you open; open tabs of this workspace close.</div>
        </div>
      </div>
    </div>
  );
}
