/**
 * Offers what a SYSTEM backend parameter can carry: APIG's $context.* system parameters, and the
 * context keys the API's authorizers were seen to return (from their last test and recent traces).
 */
import { useEffect, useState } from 'react';
import type { SystemParametersResult } from '../../../src-shared/contract';
import { learnContextKeys } from '../../lib/contextKeys';
import { useWorkspace } from '../../state/WorkspaceContext';

let systemParamsCache: Promise<SystemParametersResult> | undefined;

export function SystemParamPicker({ frontendAuthorizerId, backendAuthorizerId, onPick }: { frontendAuthorizerId?: string; backendAuthorizerId?: string; onPick(value: string): void }) {
  const ws = useWorkspace();
  const [open, setOpen] = useState(false);
  const [system, setSystem] = useState<SystemParametersResult>();
  const [frontendKeys, setFrontendKeys] = useState<string[]>([]);
  const [backendKeys, setBackendKeys] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    systemParamsCache ??= ws.api.systemParameters();
    systemParamsCache.then((r) => live && setSystem(r)).catch(() => (systemParamsCache = undefined));
    if (frontendAuthorizerId) void learnContextKeys(ws.api, frontendAuthorizerId).then((k) => live && setFrontendKeys(k));
    if (backendAuthorizerId) void learnContextKeys(ws.api, backendAuthorizerId).then((k) => live && setBackendKeys(k));
    return () => {
      live = false;
    };
  }, [open, ws.api, frontendAuthorizerId, backendAuthorizerId]);

  const pick = (value: string) => {
    onPick(value);
    setOpen(false);
  };
  const authorizerName = (id?: string) => ws.authorizers.find((a) => a.id === id)?.name ?? '';

  return (
    <span className="popover-wrap">
      <button className="btn small" onClick={() => setOpen(!open)} title="Pick a system parameter or authorizer context key" data-testid="param-picker">
        ⋯
      </button>
      {open && (
        <div className="popover" onMouseLeave={() => setOpen(false)}>
          {frontendAuthorizerId && (
            <>
              <div className="group-title">Context of authorizer {authorizerName(frontendAuthorizerId)}</div>
              {frontendKeys.length === 0 && <div className="option muted">No keys seen yet — run “Test” on the authorizer or send a request.</div>}
              {frontendKeys.map((k) => (
                <div key={k} className="option" onClick={() => pick(`${system?.frontendAuthorizerPrefix ?? '$context.authorizer.frontend.'}${k}`)} data-testid="picker-context-key">
                  <code>{k}</code>
                </div>
              ))}
            </>
          )}
          <div className="option" onClick={() => pick(system?.frontendAuthorizerPrefix ?? '$context.authorizer.frontend.')} title="Then type the context key after the last dot" data-testid="picker-context-generic">
            <code>$context.authorizer.frontend.&lt;key&gt;</code>
            <span className="muted">any key of the frontend authorizer's context</span>
          </div>
          {backendAuthorizerId && (
            <>
              <div className="group-title">Context of backend authorizer {authorizerName(backendAuthorizerId)}</div>
              {backendKeys.map((k) => (
                <div key={k} className="option" onClick={() => pick(`${system?.backendAuthorizerPrefix ?? '$context.authorizer.backend.'}${k}`)}>
                  <code>{k}</code>
                </div>
              ))}
            </>
          )}
          <div className="group-title">System parameters</div>
          {!system && <div className="option muted">loading…</div>}
          {system?.parameters.map((p) => (
            <div key={p.value} className="option" onClick={() => pick(p.value)}>
              <code>{p.value}</code>
              <span className="muted">{p.description}</span>
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
