/**
 * The function editor's Debug switch (Node.js): while on, the function runs in one instance with
 * its inspector open; attach Chrome DevTools or VS Code, set breakpoints, and send a request (or run
 * an authorizer's Test). A paused breakpoint holds the request without it timing out.
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
  const toggle = useAction(async (enabled: boolean) => setInfo(await ws.api.setFunctionDebug({ id: fn.id, enabled })));

  if (!info) return null;
  return (
    <Section title="Debug" testId="function-debug">
      {!info.supported ? (
        <div className="muted">Breakpoints are available for Node.js functions; Python functions are not debuggable here yet.</div>
      ) : (
        <>
          <label>
            <input type="checkbox" checked={info.enabled} disabled={toggle.busy} onChange={(e) => void toggle.run(e.target.checked)} data-testid="function-debug-switch" /> Run under the
            debugger (one instance; a paused breakpoint never times the request out)
          </label>
          <InlineError error={toggle.errors.message} />
          {info.enabled && info.inspectorUrl && (
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
