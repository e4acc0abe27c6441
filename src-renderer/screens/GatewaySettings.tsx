/**
 * Gateway settings: the APIG gateway configuration parameters of this workspace (throttling default,
 * body size, backend timeout cap, authorizer context types, client IP from X-Forwarded-For, extra app
 * authentication modes), with APIG's defaults and ranges, applied to the local gateway at once.
 */
import { useEffect, useState } from 'react';
import type { GatewayConfigView } from '../../src-shared/contract';
import { DEFAULT_GATEWAY_CONFIG, GATEWAY_PARAMS, GATEWAY_PARAM_NAMES, type GatewayConfig, type GatewayParamName } from '../../src-shared/apig/gateway-config';
import { InlineError } from '../components/ErrorNote';
import { Section } from '../components/Section';
import { useAction } from '../lib/useAction';
import { useWorkspace } from '../state/WorkspaceContext';

type Draft = Record<GatewayParamName, string | boolean>;

const toDraft = (config: GatewayConfig): Draft =>
  Object.fromEntries(GATEWAY_PARAM_NAMES.map((name) => [name, typeof config[name] === 'boolean' ? config[name] : String(config[name])])) as Draft;

export function GatewaySettings() {
  const ws = useWorkspace();
  const [view, setView] = useState<GatewayConfigView>();
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    void ws.api.gatewayConfig().then((loaded) => {
      setView(loaded);
      setDraft(toDraft(loaded.workspace));
    });
  }, [ws.api]);

  const changed = view && draft ? GATEWAY_PARAM_NAMES.filter((name) => String(draft[name]) !== String(view.workspace[name])) : [];
  const save = useAction(async () => {
    const changes = Object.fromEntries(changed.map((name) => [name, typeof draft![name] === 'boolean' ? draft![name] : Number(draft![name])]));
    const saved = await ws.api.updateGatewayConfig({ changes });
    setView(saved);
    setDraft(toDraft(saved.workspace));
  });

  if (!view || !draft) return <Section title="Gateway settings">Loading…</Section>;
  return (
    <Section
      title="Gateway settings"
      testId="gateway-settings"
      actions={
        <button className="btn small primary" onClick={() => void save.run()} disabled={save.busy || changed.length === 0} data-testid="save-gateway-settings">
          Save{changed.length > 0 ? ` (${changed.length})` : ''}
        </button>
      }
    >
      <div className="muted">APIG gateway configuration parameters, as on the console's Parameters tab. The local gateway applies them as soon as they are saved.</div>
      <InlineError error={save.errors.message} />
      <table className="grid" data-testid="gateway-settings-table">
        <thead>
          <tr>
            <th>Parameter</th>
            <th>Value</th>
            <th>APIG default and range</th>
            <th>What it changes</th>
          </tr>
        </thead>
        <tbody>
          {GATEWAY_PARAM_NAMES.map((name) => {
            const spec = GATEWAY_PARAMS[name];
            const inputId = `gateway-param-${name}`;
            const overridden = view.effective[name] !== view.workspace[name];
            const error = save.errors.fields[name];
            return (
              <tr key={name} data-testid={inputId}>
                <td>
                  <label htmlFor={inputId}>
                    <code>{name}</code>
                  </label>
                </td>
                <td className="setting-value">
                  {spec.kind === 'switch' ? (
                    <label>
                      <input id={inputId} type="checkbox" checked={draft[name] === true} onChange={(e) => setDraft({ ...draft, [name]: e.target.checked })} /> {draft[name] ? 'on' : 'off'}
                    </label>
                  ) : (
                    <>
                      <input id={inputId} type="number" min={spec.min} max={spec.max} value={String(draft[name])} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} style={{ width: 120 }} />{' '}
                      <span className="muted">{spec.unit}</span>
                    </>
                  )}
                  {error && (
                    <div className="field-error" role="alert">
                      {error}
                    </div>
                  )}
                  {overridden && <div className="note warn">This run uses {String(view.effective[name])} (--gateway-config)</div>}
                </td>
                <td className="muted">
                  {spec.kind === 'switch' ? (DEFAULT_GATEWAY_CONFIG[name] ? 'on' : 'off') : `${spec.default.toLocaleString('en')} (${spec.min.toLocaleString('en')}–${spec.max.toLocaleString('en')} ${spec.unit})`}
                </td>
                <td>
                  {spec.effect}
                  {!spec.emulated && <span className="badge warn">not emulated locally</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
