/**
 * The local gateway: where it listens, start/stop and port, the authorizer cache, and a live log of
 * every request it serves — from the tester, curl or anything else — each opening its trace.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TraceSummary } from '../../src-shared/trace';
import { AuthorizerCacheTable, useAuthorizerCache } from '../components/AuthorizerCache';
import { InlineError } from '../components/ErrorNote';
import { GatewaySettings } from './GatewaySettings';
import { Field } from '../components/Field';
import { StatusCode } from '../components/MethodBadge';
import { Section } from '../components/Section';
import { HarExportButton } from '../lab/HarExportButton';
import { VirtualList } from '../components/VirtualList';
import { useAction } from '../lib/useAction';
import { useNav } from '../state/NavContext';
import { Headline } from '../trace/Headline';
import { useFormDraft } from '../state/useFormDraft';
import { useWorkspace } from '../state/WorkspaceContext';

export function GatewayPanel() {
  const ws = useWorkspace();
  const nav = useNav();
  const gw = ws.gateway;
  // The port field follows the configured port (changed here or elsewhere) until the user types.
  const { draft: port, setDraft: setPort } = useFormDraft(String(gw?.configuredPort ?? ''), (configured) => configured);
  const [earlier, setEarlier] = useState<TraceSummary[]>([]);
  const cache = useAuthorizerCache();
  useEffect(() => {
    // Requests from before this window opened come from the trace store; new ones arrive live.
    ws.api.listTraces({ limit: 200 }).then(setEarlier, () => setEarlier([]));
  }, [ws.api]);

  const [filter, setFilter] = useState('');
  const all = useMemo(() => {
    const seen = new Set(ws.liveTraces.map((t) => t.id));
    return [...ws.liveTraces, ...earlier.filter((t) => !seen.has(t.id))];
  }, [ws.liveTraces, earlier]);
  const log = useMemo(() => filterLog(all, filter), [all, filter]);

  const toggle = useAction(async () => ws.setGateway(gw?.running ? await ws.api.stopGateway() : await ws.api.startGateway()));
  const savePort = useAction(async () => ws.setGateway(await ws.api.setGatewayPort({ port: Number(port) })));
  const clear = useAction(async () => {
    await ws.api.clearTraces();
    setEarlier([]);
    ws.clearLive();
  });

  return (
    <div className="screen" data-testid="gateway-panel">
      <div className="screen-head">
        <h1>
          <span className={`dot${gw?.running ? ' on' : ''}`} /> Local gateway
        </h1>
        <button className={`btn ${gw?.running ? '' : 'primary'}`} onClick={() => void toggle.run()} disabled={toggle.busy} data-testid="gateway-toggle">
          {gw?.running ? 'Stop' : 'Start'}
        </button>
      </div>
      <Section title="Listening">
        {gw?.running ? (
          <div>
            Serving published APIs at <code data-testid="gateway-url">{gw.url}</code>. Send requests from the tester, or from a terminal:
            <pre className="code-box" style={{ marginTop: 6 }}>curl -i {gw.url}/status</pre>
          </div>
        ) : (
          <div className="note warn">The gateway is stopped{gw?.lastError ? `: ${gw.lastError}` : ''}. Start it to serve your published APIs.</div>
        )}
        <InlineError error={toggle.errors.message} />
        <div className="row">
          <Field label="Port (0 = any free port)" error={savePort.errors.fields.port ?? savePort.errors.message}>
            <input type="number" value={port} onChange={(e) => setPort(e.target.value)} style={{ width: 140 }} />
          </Field>
          <button className="btn" style={{ alignSelf: 'flex-end' }} onClick={() => void savePort.run()} disabled={savePort.busy || port === String(gw?.configuredPort)}>
            Use this port
          </button>
        </div>
      </Section>
      <GatewaySettings />
      <Section
        title="Authorizer cache"
        actions={
          cache.entries.length > 0 && (
            <button className="btn small" onClick={() => void cache.flush({})}>
              Flush all
            </button>
          )
        }
      >
        <InlineError error={cache.error} />
        <AuthorizerCacheTable cache={cache} testId="gateway-cache-entries" rowTestId="gateway-cache-row" />
      </Section>
      <Section
        title={filter ? `Requests (${log.length} of ${all.length})` : `Requests (${all.length})`}
        testId="live-log"
        actions={
          <div className="row" style={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
            <HarExportButton ids={log.slice(0, 1000).map((t) => t.id)} fileName="apig-workbench-requests.har" label={filter ? `Export ${Math.min(log.length, 1000)} as HAR` : 'Export as HAR'} />
            <button className="btn small" onClick={() => void clear.run()} disabled={all.length === 0}>
              Clear
            </button>
          </div>
        }
      >
        {all.length > 0 && (
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter: path, API, environment, status, decision (e.g. deny, 401, guide)…"
            aria-label="Filter requests"
            data-testid="log-filter"
            style={{ marginBottom: 8, width: '100%' }}
          />
        )}
        {all.length > 0 && log.length === 0 ? (
          <div className="muted">No request matches “{filter}”.</div>
        ) : log.length === 0 ? (
          <div className="muted">No requests yet. Every request the gateway serves appears here as it happens — click one to read its trace.</div>
        ) : (
          <VirtualList
            items={log}
            rowHeight={28}
            maxHeight={420}
            rowKey={(t) => t.id}
            testId="log-rows"
            renderRow={(t) => (
              <div className="log-row" onClick={() => nav.open({ kind: 'trace', id: t.id })} title={t.errorType ?? ''} data-testid="log-row">
                <span className="muted">{new Date(t.startedAt).toLocaleTimeString()}</span>
                <b>{t.method}</b>
                <span className="url">{t.url}</span>
                <span className="url" data-testid="log-api">
                  {t.apiName ?? <span className="muted">—</span>}
                  {t.env && <span className="muted"> · {t.env}</span>}
                </span>
                {t.headline ? <Headline headline={t.headline} compact /> : <StatusCode status={t.status} />}
                <span className="muted">{t.totalMs.toFixed(1)} ms</span>
              </div>
            )}
          />
        )}
      </Section>
    </div>
  );
}

/** Requests whose words (method, path, API, environment, status, decision, response type) contain every term. */
function filterLog(log: TraceSummary[], filter: string): TraceSummary[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return log;
  return log.filter((t) => {
    const words = [t.method, t.url, t.apiName, t.env, String(t.status), t.errorType, t.headline?.authorizer?.decision, t.headline?.authorizer?.name].filter(Boolean).join(' ').toLowerCase();
    return terms.every((term) => words.includes(term));
  });
}
