/**
 * The request tester: build a request (or pick an API, or paste a curl command), send it through the
 * local gateway, and read the response next to the gateway's explanation of what happened.
 */
import { useCallback, useEffect, useState } from 'react';
import { HTTP_METHODS } from '../../src-shared/model';
import type { SendRequestResult, TesterRun } from '../../src-shared/contract';
import { findStage } from '../../src-shared/trace';
import { InlineError } from '../components/ErrorNote';
import { KeyValueTable } from '../components/KeyValueTable';
import { useTesterVariables } from './useTesterVariables';
import type { TabSpec } from '../state/tabs';
import { Section } from '../components/Section';
import { errorMessage } from '../lib/errors';
import { MOD_LABEL, useShortcuts } from '../lib/shortcuts';
import { useNav } from '../state/NavContext';
import { useTabActive } from '../state/TabActive';
import { useWorkspace } from '../state/WorkspaceContext';
import { TraceView } from '../trace/TraceView';
import { parseCurl, toCurl } from './curl';
import { HistoryList } from './HistoryList';
import { asContextProblem, EMPTY_FORM, formForApi, formFromCurl, formFromSaved, formHeaders, formToCurl, formToSaved, fullUrl, withVariables, type RequestForm } from './requestForm';
import { AsContextField } from './AsContextField';
import { SaveAsCaseDialog } from '../lab/SaveAsCaseDialog';
import { ResponseView } from './ResponseView';
import { RunCompare, type ComparedRun } from './RunCompare';
import { gatewaySigningOf } from './signing/signing';
import { SignatureDiff } from './signing/SignatureDiff';
import { SigningPanel } from './signing/SigningPanel';
import { useSigning } from './signing/useSigning';

type RequestTab = 'headers' | 'query' | 'body' | 'variables' | 'as-context';

const COPIED_NOTE_MS = 6000;

/** The number of the next further tester tab (2, 3, … in their titles). */
function nextTesterSeq(tabs: readonly TabSpec[]): number {
  return Math.max(0, ...tabs.map((t) => (t.kind === 'tester' ? (t.seq ?? 0) : 0))) + 1;
}

/** `primary`: the first tester tab, which "Try it" and "Replay in tester" fill; further tabs keep their own request. */
export function TesterScreen({ primary = true }: { primary?: boolean }) {
  const ws = useWorkspace();
  const nav = useNav();
  const active = useTabActive();
  const [form, setForm] = useState<RequestForm>(EMPTY_FORM);
  const [tab, setTab] = useState<RequestTab>('headers');
  const [result, setResult] = useState<SendRequestResult>();
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const variables = useTesterVariables(form.env);
  const [history, setHistory] = useState<TesterRun[]>([]);
  /** The history entry whose request and result are on screen. */
  const [shownRun, setShownRun] = useState<string>();
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState<[ComparedRun, ComparedRun]>();
  const [curlText, setCurlText] = useState<string>();
  const [curlError, setCurlError] = useState<string>();
  const [copied, setCopied] = useState<string>();
  const [curlWarnings, setCurlWarnings] = useState<string[]>([]);
  /** The request of the result on screen, as sent (for "Save as test case"). */
  const [sentRequest, setSentRequest] = useState<{ method: string; url: string; headers: Record<string, string>; body?: string; env?: string }>();
  const [savingCase, setSavingCase] = useState(false);
  const [replayWarnings, setReplayWarnings] = useState<string[]>([]);
  // "Copied" is a confirmation, not a state: it goes away by itself (or with its ×).
  useEffect(() => {
    if (copied === undefined) return;
    const timer = setTimeout(() => setCopied(undefined), COPIED_NOTE_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const gatewayUrl = ws.gateway?.url ?? 'http://127.0.0.1:8787';
  const signing = useSigning(gatewayUrl);

  const loadHistory = useCallback(() => {
    ws.api.testerHistory().then(setHistory, () => setHistory([]));
  }, [ws.api]);
  useEffect(loadHistory, [loadHistory]);

  const pickApi = useCallback(
    (apiId: string) => {
      const item = ws.apis.find((a) => a.api.id === apiId);
      if (!item) return;
      const authorizer = ws.authorizers.find((a) => a.id === item.api.authorizerId);
      setForm(formForApi(item.api, authorizer?.identities ?? [], form.env));
      setResult(undefined);
      setError(undefined);
    },
    [ws.apis, ws.authorizers, form.env],
  );
  // "Try it" from an API editor pre-fills the form once per click (each click is a new seq),
  // adjusted while rendering.
  const seed = nav.testerSeed;
  const [seededSeq, setSeededSeq] = useState<number>();
  if (seed && primary && seed.seq !== seededSeq) {
    setSeededSeq(seed.seq);
    if ('apiId' in seed) pickApi(seed.apiId);
    else {
      const replayed = formFromSaved({ id: '', createdAt: '', name: '', ...seed.request });
      setForm(replayed);
      // Show what was replayed: its headers (or its context), not the sub-tab left open before.
      setTab(replayed.asContext !== undefined ? 'as-context' : 'headers');
      setReplayWarnings(seed.request.warnings ?? []);
      setResult(undefined);
      setShownRun(undefined);
      setComparing(undefined);
    }
  }

  const send = async (unsigned: RequestForm = form) => {
    setSending(true);
    setError(undefined);
    try {
      const filled = withVariables(unsigned, variables.values);
      if (filled.missing.length > 0) {
        const names = filled.missing.map((n) => `{{${n}}}`).join(', ');
        setError(`${names} ${filled.missing.length > 1 ? 'have' : 'has'} no value in ${variables.envName}'s tester variables: add ${filled.missing.length > 1 ? 'them' : 'it'} in the Variables tab`);
        return;
      }
      const overrideProblem = filled.form.asContext !== undefined ? asContextProblem(filled.form.asContext) : undefined;
      if (overrideProblem) {
        setError(overrideProblem);
        setTab('as-context');
        return;
      }
      // The chosen credential is applied to the form itself, so what was sent stays visible (unless
      // the form holds {{variables}}: it keeps them, and the trace shows what was sent).
      const toSend = signing.beforeSend(filled.form);
      if (toSend !== filled.form && !filled.used) setForm(toSend);
      // A pasted curl command or an old saved request may carry a method the tester cannot send.
      const method = HTTP_METHODS.find((m) => m === toSend.method);
      if (!method) {
        setError(`the tester sends ${HTTP_METHODS.join(', ')}: choose one of them instead of ${toSend.method}`);
        return;
      }
      const request = { method, url: fullUrl(toSend), headers: formHeaders(toSend), body: toSend.body || undefined, env: toSend.env || undefined };
      const r = await ws.api.sendRequest(request);
      setResult(r);
      setSentRequest(request);
      setComparing(undefined);
      // Every run is kept with its result, so runs of the same request can be reopened and compared.
      const saved = await ws.api.saveTesterRequest({ request: formToSaved(toSend, `${toSend.method} ${toSend.url}`), result: r }).catch(() => undefined);
      setShownRun(saved?.id);
      loadHistory();
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  useShortcuts({ enter: () => !sending && void send() }, active);

  /** Reopens a run: its request in the form, and the response and trace it got (not the previous run's). */
  const openRun = async (run: TesterRun) => {
    setForm(formFromSaved(run));
    setSentRequest({ method: run.method, url: run.url, headers: run.headers, body: run.body || undefined, env: run.env || undefined });
    setShownRun(run.id);
    setComparing(undefined);
    setError(undefined);
    try {
      setResult((await ws.api.testerResult({ id: run.id })) ?? undefined);
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e));
    }
  };
  const compare = async () => {
    // Oldest first, so A is the earlier run.
    const runs = history.filter((r) => picked.includes(r.id)).reverse();
    if (runs.length !== 2) return;
    try {
      const results = await Promise.all(runs.map((r) => ws.api.testerResult({ id: r.id })));
      setComparing([
        { run: runs[0], result: results[0] },
        { run: runs[1], result: results[1] },
      ]);
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const applyCurl = (text: string) => {
    try {
      const curl = parseCurl(text);
      setForm(formFromCurl(curl));
      setCurlText(undefined);
      setCurlError(undefined);
      setCurlWarnings(curl.warnings ?? []);
    } catch (e) {
      // Shown with the command (a paste into the URL box opens the curl panel), never silently dropped.
      setCurlText(text);
      setCurlError(errorMessage(e));
      setCurlWarnings([]);
    }
  };
  const copyCurl = async () => {
    const command = toCurl(formToCurl(form, gatewayUrl));
    try {
      await navigator.clipboard.writeText(command);
      setCopied(command);
    } catch {
      setCopied(command); // clipboard refused (permissions): the command is shown for manual copy
    }
  };
  const signNow = () => {
    try {
      setForm(signing.apply(form));
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const copySignedCurl = async () => {
    try {
      const command = signing.curl(form);
      if (!command) return;
      await navigator.clipboard.writeText(command).catch(() => undefined);
      setCopied(command);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const refusedAuth = result?.trace && findStage(result.trace.stages, 'authentication', 'fail');
  const refusedSignature = gatewaySigningOf(refusedAuth?.detail);
  const flushCache = async (authorizerId: string) => {
    const { flushed } = await ws.api.flushAuthorizerCache({ authorizerId });
    return flushed;
  };
  const counts = { headers: form.headers.filter((h) => h.enabled && h.key).length, query: form.query.filter((q) => q.enabled && q.key).length };

  return (
    <div className="screen" data-testid="tester">
      <div className="screen-head">
        <h1>Request tester</h1>
        <button className="btn small" onClick={() => nav.open({ kind: 'tester', seq: nextTesterSeq(nav.tabs.map((t) => t.spec)) })} title="Another tester with its own request, response and trace" data-testid="new-tester-tab">
          + Tester tab
        </button>
        <select value="" onChange={(e) => e.target.value && pickApi(e.target.value)} aria-label="Pick an API" data-testid="pick-api" style={{ maxWidth: 260 }}>
          <option value="">Pick an API to pre-fill…</option>
          {ws.apis.slice(0, 500).map(({ api }) => (
            <option key={api.id} value={api.id}>
              {api.method} {api.path} — {api.name}
            </option>
          ))}
        </select>
        <button className="btn" onClick={() => setCurlText(curlText === undefined ? '' : undefined)} data-testid="paste-curl">
          Paste curl
        </button>
        <button className="btn" onClick={() => void copyCurl()} data-testid="copy-curl">
          Copy as curl
        </button>
      </div>
      {curlText !== undefined && (
        <div className="stack">
          <textarea rows={4} value={curlText} onChange={(e) => setCurlText(e.target.value)} placeholder={`curl -X POST '${gatewayUrl}/path' -H 'Authorization: Bearer …' -d '{…}'`} data-testid="curl-input" autoFocus />
          {curlError && <div className="field-error">{curlError}</div>}
          <div className="row">
            <button className="btn primary small" onClick={() => applyCurl(curlText)} data-testid="apply-curl">
              Fill the form
            </button>
            <button className="btn small" onClick={() => setCurlText(undefined)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {copied && (
        <div className="note row nowrap" role="status" data-testid="copied-note">
          <span className="grow" style={{ minWidth: 0 }}>
            Copied: <code data-testid="copied-curl">{copied}</code>
          </span>
          <button className="icon-btn" onClick={() => setCopied(undefined)} aria-label="Dismiss" data-testid="dismiss-copied">
            ×
          </button>
        </div>
      )}
      {curlWarnings.length > 0 && (
        <div className="note warn row nowrap" data-testid="curl-warnings">
          <span className="grow">
            The form was filled from the curl command, except:
            <ul style={{ margin: '4px 0 0' }}>
              {curlWarnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </span>
          <button className="icon-btn" onClick={() => setCurlWarnings([])} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {replayWarnings.length > 0 && (
        <div className="note warn row nowrap" data-testid="replay-warnings">
          <span className="grow">
            Replayed from a trace; before sending, check:
            <ul style={{ margin: '4px 0 0' }}>
              {replayWarnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </span>
          <button className="icon-btn" onClick={() => setReplayWarnings([])} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <SigningPanel signing={signing} onSignNow={signNow} onCopySignedCurl={() => void copySignedCurl()} />
      <div className="url-bar">
        <select value={form.method} onChange={(e) => setForm({ ...form, method: e.target.value })} aria-label="Method" data-testid="tester-method">
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
          {/* Shown as it came (a pasted curl command, an old saved request), so Send's refusal of it makes sense. */}
          {!HTTP_METHODS.some((m) => m === form.method) && <option disabled>{form.method}</option>}
        </select>
        <input
          value={form.url}
          onChange={(e) => setForm({ ...form, url: e.target.value })}
          onPaste={(e) => {
            // Pasting a whole curl command into the URL box fills the form instead.
            const text = e.clipboardData.getData('text');
            if (/^\s*curl\s/.test(text)) {
              e.preventDefault();
              applyCurl(text.trim());
            }
          }}
          placeholder={`/path — sent to ${gatewayUrl}`}
          aria-label="URL"
          data-testid="tester-url"
        />
        <select value={form.env} onChange={(e) => setForm({ ...form, env: e.target.value })} aria-label="Environment" title="Sent as X-Stage" data-testid="tester-env" style={{ borderRadius: 0, borderLeft: 0, width: 120 }}>
          {ws.environments.map((env) => (
            <option key={env.id} value={env.name === 'RELEASE' ? '' : env.name}>
              {env.name}
            </option>
          ))}
        </select>
        <button className="btn primary" onClick={() => void send()} disabled={sending} data-testid="send">
          {sending ? <span className="spinner" /> : 'Send'} <span className="kbd">{MOD_LABEL}+Enter</span>
        </button>
      </div>
      {form.asContext !== undefined && (
        <div className="note warn row nowrap" data-testid="tester-as-context-on">
          <span className="grow">
            <b>Identity override on:</b> the frontend authorizer is not run; the request is sent as context <code>{form.asContext.replace(/\s+/g, ' ')}</code>. APIG has no such thing.
          </span>
          <button className="btn small" onClick={() => setTab('as-context')}>
            Edit
          </button>
          <button className="btn small" onClick={() => setForm({ ...form, asContext: undefined })} data-testid="tester-as-context-off">
            Turn off
          </button>
        </div>
      )}
      <div className="split">
        <div className="stack">
          <div className="subtabs">
            <button className={tab === 'headers' ? 'on' : ''} onClick={() => setTab('headers')}>
              Headers {counts.headers > 0 && `(${counts.headers})`}
            </button>
            <button className={tab === 'query' ? 'on' : ''} onClick={() => setTab('query')}>
              Query {counts.query > 0 && `(${counts.query})`}
            </button>
            <button className={tab === 'body' ? 'on' : ''} onClick={() => setTab('body')}>
              Body {form.body && '•'}
            </button>
            <button className={tab === 'variables' ? 'on' : ''} onClick={() => setTab('variables')} data-testid="tester-variables-tab">
              Variables {variables.rows.length > 0 && `(${variables.rows.length})`}
            </button>
            <button className={`${tab === 'as-context' ? 'on' : ''}${form.asContext !== undefined ? ' warn' : ''}`} onClick={() => setTab('as-context')} title="Identity override: send as a given authorizer context, without running the authorizer (local only)" data-testid="tester-as-context-tab">
              As context {form.asContext !== undefined && '⚠'}
            </button>
          </div>
          {tab === 'headers' && <KeyValueTable rows={form.headers} onChange={(headers) => setForm({ ...form, headers })} keyLabel="Header" testId="tester-headers" />}
          {tab === 'query' && <KeyValueTable rows={form.query} onChange={(query) => setForm({ ...form, query })} keyLabel="Parameter" />}
          {tab === 'body' && <textarea rows={8} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} placeholder="Request body" data-testid="tester-body" />}
          {tab === 'as-context' && <AsContextField value={form.asContext} onChange={(asContext) => setForm({ ...form, asContext })} />}
          {tab === 'variables' && (
            <div className="stack" data-testid="tester-variables">
              <div className="muted">
                Write <code>{'{{name}}'}</code> in the URL, query, headers or body; it is replaced from {variables.envName}&apos;s set below when you send (each
                environment has its own; these are the tester&apos;s, not APIG&apos;s <code>#name#</code> variables).
              </div>
              <KeyValueTable rows={variables.rows} onChange={variables.setRows} keyLabel="Variable" testId="tester-variables-table" />
              <InlineError error={variables.save.errors.message} />
              <div className="row">
                <button className="btn small" disabled={!variables.dirty || variables.save.busy} onClick={() => void variables.save.run()} data-testid="save-tester-variables">
                  Save {variables.envName} variables
                </button>
              </div>
            </div>
          )}
        </div>
        <Section title="History">
          <HistoryList
            items={history}
            shownId={shownRun}
            picked={picked}
            onLoad={(r) => void openRun(r)}
            onResend={(r) => {
              const f = formFromSaved(r);
              setForm(f);
              void send(f);
            }}
            onRemove={(r) => {
              setPicked((p) => p.filter((id) => id !== r.id));
              void ws.api.removeTesterRequest({ id: r.id }).then(loadHistory);
            }}
            onPick={(r, on) => setPicked((p) => (on ? [...p.filter((id) => id !== r.id), r.id].slice(-2) : p.filter((id) => id !== r.id)))}
          />
          {picked.length > 0 && (
            <div className="row" style={{ marginTop: 6 }}>
              <span className="muted">{picked.length === 1 ? 'Tick one more run to compare.' : 'Two runs ticked.'}</span>
              <span className="grow" />
              <button className="btn small primary" disabled={picked.length !== 2} onClick={() => void compare()} data-testid="compare-runs">
                Compare
              </button>
            </div>
          )}
        </Section>
      </div>
      <InlineError error={error} />
      {refusedSignature && <SignatureDiff client={signing.lastSigning?.signature === refusedSignature.clientSignature ? signing.lastSigning : undefined} gateway={refusedSignature} />}
      {!result && !error && !comparing && (
        <div className="empty" style={{ margin: '24px auto' }}>
          <h2>Send a request</h2>
          <div>
            Pick an API above or type a path, then press <span className="kbd">{MOD_LABEL}+Enter</span>. The request goes through the local gateway at <code>{gatewayUrl}</code>, and you will see why it ended the way it did.
          </div>
        </div>
      )}
      {comparing && (
        <Section title="Compare runs" testId="compare-section">
          <RunCompare a={comparing[0]} b={comparing[1]} onClose={() => setComparing(undefined)} />
        </Section>
      )}
      {savingCase && result && sentRequest && <SaveAsCaseDialog run={{ request: sentRequest, status: result.status, trace: result.trace }} onClose={() => setSavingCase(false)} />}
      {result && !comparing && (
        <div className="split response-split">
          <Section
            title="Response"
            actions={
              sentRequest && (
                <button className="btn small" onClick={() => setSavingCase(true)} title="Append this request to a test suite, expecting what the gateway did" data-testid="save-as-case">
                  Save as test case
                </button>
              )
            }
          >
            <ResponseView result={result} />
          </Section>
          <Section title="What the gateway did" testId="tester-trace">
            {result.trace ? <TraceView trace={result.trace} onFlushCache={flushCache} showResponse={false} /> : <div className="muted">The gateway recorded no trace for this request.</div>}
          </Section>
        </div>
      )}
    </div>
  );
}
