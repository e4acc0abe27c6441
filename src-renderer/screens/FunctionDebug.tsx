/**
 * The function editor's Debug switch: while on, the function runs in one instance with its
 * debugger port open (Node.js: the inspector, for Chrome DevTools or VS Code; Python: debugpy, for
 * VS Code or any DAP client); set breakpoints and send a request (or run an authorizer's Test).
 * A paused breakpoint holds the request without it timing out, and the authorizer cache's clock
 * stands still meanwhile.
 */
import { useCallback, useEffect, useState } from 'react';
import type { FunctionDebugInfo } from '../../src-shared/contract';
import type { LocalFunction } from '../../src-shared/model';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { useWorkspace } from '../state/WorkspaceContext';

export function FunctionDebug({ fn }: { fn: LocalFunction }) {
  const ws = useWorkspace();
  const [info, setInfo] = useState<FunctionDebugInfo>();
  const load = useCallback(() => ws.api.functionDebug({ id: fn.id }).then(setInfo), [ws.api, fn.id]);
  useEffect(() => {
    void load();
  }, [load]);
  // While the switch is on, follow the instance: a breakpoint pausing it, a restart after an edit.
  const on = info?.enabled ?? false;
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [on, load]);
  const toggle = useAction(async (enabled: boolean) => setInfo(await ws.api.setFunctionDebug({ id: fn.id, enabled })));

  if (!info) return null;
  return (
    <Section title="Debug" testId="function-debug">
      {!info.supported ? (
        <div className="muted">Breakpoints are available for Node.js and Python functions.</div>
      ) : (
        <>
          <label>
            <input type="checkbox" checked={info.enabled} disabled={toggle.busy} onChange={(e) => void toggle.run(e.target.checked)} data-testid="function-debug-switch" /> Run under the
            debugger (one instance; a paused breakpoint never times the request out)
          </label>
          <InlineError error={toggle.errors.message} />
          {info.enabled && info.problem && <InlineError error={info.problem} />}
          {info.enabled && info.paused && (
            <div data-testid="function-debug-paused">
              <span className="badge warn">paused</span> A debugger holds the function at a breakpoint: its request waits without timing out, and the
              authorizer cache&apos;s clock stands still.
            </div>
          )}
          {info.enabled && info.debugpy && (
            <div className="stack" data-testid="function-debug-targets">
              <div>
                debugpy (Debug Adapter Protocol) listens on{' '}
                <code data-testid="function-debug-address">
                  {info.debugpy.host}:{info.debugpy.port}
                </code>{' '}
                (one client at a time; requests run without waiting for it)
              </div>
              {info.debugpy.codeFile && (
                <div>
                  Set breakpoints in <code data-testid="function-debug-file">{info.debugpy.codeFile}</code>
                  {fn.source.kind === 'inline' && ' (the code in the editor, written out for the debugger: open it in VS Code; a save rewrites it in place and restarts the instance on the same port)'}
                </div>
              )}
              <div>VS Code (launch.json configuration, Python Debugger extension; older Python extensions name the type "python"):</div>
              <pre className="code-box">{info.vscodeLaunch}</pre>
            </div>
          )}
          {info.enabled && info.inspectorUrl && !info.debugpy && (
            <div className="stack" data-testid="function-debug-targets">
              <div>
                Inspector: <code data-testid="function-debug-url">{info.inspectorUrl}</code>
              </div>
              <div>
                Chrome DevTools: paste into the address bar <code>{info.devtoolsUrl}</code>
              </div>
              <div>VS Code (launch.json configuration, then set breakpoints in the function's code, e.g. {fn.name}/index.js):</div>
              <pre className="code-box">{info.vscodeLaunch}</pre>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
