/**
 * The function editor's Test, as the FunctionGraph console has it: named test events kept in the
 * workspace (pick, save, save under a new name, delete), run on the editor's code without the
 * gateway, or sent through the local gateway as the HTTP request the APIG event describes.
 */
import { useState } from 'react';
import type { FunctionInput } from '../../src-shared/rules/inputs';
import type { SendRequestResult } from '../../src-shared/contract';
import type { FunctionTestRun } from '../../src-shared/lab/test-events';
import { NamedEventBar } from './NamedEventBar';
import { InlineError } from '../components/ErrorNote';
import { JsonBlock } from '../components/JsonBlock';
import { Section } from '../components/Section';
import { CodeEditor } from '../monaco/CodeEditor';
import { MOD_LABEL } from '../lib/shortcuts';
import { useNav } from '../state/NavContext';
import { useWorkspace } from '../state/WorkspaceContext';
import { useBusyActions } from '../lib/useBusyActions';

/** An APIG event for a FUNCTION backend (runtime.md §1.3), ready to edit. */
const STARTER_EVENT = {
  httpMethod: 'GET',
  path: '/',
  headers: { accept: '*/*', 'user-agent': 'apig-workbench' },
  queryStringParameters: {},
  pathParameters: {},
  body: '',
  isBase64Encoded: false,
  requestContext: { apiId: 'test-api', requestId: 'test-request', stage: 'RELEASE', sourceIp: '127.0.0.1' },
};

type Outcome = { kind: 'run'; run: FunctionTestRun } | { kind: 'sent'; sent: SendRequestResult };

export function FunctionTestEvents({ functionId, draft }: { functionId: string; draft: FunctionInput }) {
  const ws = useWorkspace();
  const nav = useNav();
  const [text, setText] = useState(() => JSON.stringify(STARTER_EVENT, null, 2));
  const [env, setEnv] = useState('');
  const [outcome, setOutcome] = useState<Outcome>();
  const { busy, error, act } = useBusyActions();

  const parsed = (): unknown => {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`The event is not valid JSON: ${(e as Error).message}`);
    }
  };
  const run = act(async () => setOutcome({ kind: 'run', run: await ws.api.invokeFunction({ function: draft, event: parsed() }) }));
  const send = act(async () => setOutcome({ kind: 'sent', sent: await ws.api.sendEventThroughGateway({ event: parsed(), env: env || undefined }) }));

  return (
    <Section
      title="Test"
      testId="function-test"
      actions={
        <>
          <button className="btn small" onClick={() => void send()} disabled={busy} title="Send the HTTP request this APIG event describes (method, path, headers, query, body) through the local gateway" data-testid="event-send-gateway">
            Send through gateway
          </button>
          <button className="btn small primary" onClick={() => void run()} disabled={busy} title="Run the editor's code on this event, without the gateway" data-testid="event-run">
            {busy ? <span className="spinner" /> : '▶'} Run <span className="kbd">{MOD_LABEL}+Enter</span>
          </button>
        </>
      }
    >
      <div className="row" style={{ flexWrap: 'wrap', marginBottom: 6, alignItems: 'flex-start' }}>
        <NamedEventBar functionId={functionId} text={text} onPick={(picked) => (setText(picked), setOutcome(undefined))} />
        <span className="grow" />
        <select value={env} onChange={(e) => setEnv(e.target.value)} aria-label="Environment for Send through gateway" title="Sent as X-Stage by Send through gateway">
          {ws.environments.map((e) => (
            <option key={e.id} value={e.name === 'RELEASE' ? '' : e.name}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="split even">
        <CodeEditor value={text} onChange={setText} language="json" height="300px" onRun={() => void run()} testId="function-event-editor" />
        <div className="stack" data-testid="function-test-result">
          <InlineError error={error} />
          {outcome?.kind === 'run' && <RunResult run={outcome.run} />}
          {outcome?.kind === 'sent' && (
            <>
              <div className="row">
                <span className={`badge ${outcome.sent.status < 400 ? 'ok' : 'err'}`}>{outcome.sent.status}</span>
                <span className="muted">
                  through the gateway{outcome.sent.trace?.apiName ? ` (API ${outcome.sent.trace.apiName})` : ''} in {outcome.sent.durationMs.toFixed(0)} ms
                </span>
                <span className="grow" />
                {outcome.sent.requestId && (
                  <button className="btn small" onClick={() => nav.open({ kind: 'trace', id: outcome.sent.requestId! })} data-testid="event-open-trace">
                    Open trace
                  </button>
                )}
              </div>
              <JsonBlock value={outcome.sent.body} />
            </>
          )}
          {!outcome && !error && (
            <div className="muted">
              Run the function on this event (as FunctionGraph&apos;s Test does), or send the request it describes through the local gateway to see what APIG would do with it.
            </div>
          )}
        </div>
      </div>
    </Section>
  );
}

function RunResult({ run }: { run: FunctionTestRun }) {
  return (
    <>
      <div className="row">
        <span className={`badge ${run.ok ? 'ok' : 'err'}`}>{run.ok ? 'returned' : run.failure?.kind ?? 'failed'}</span>
        <span className="muted">{run.durationMs.toFixed(0)} ms</span>
      </div>
      {run.failure && <div className="note error">{run.failure.message}</div>}
      {run.ok && <JsonBlock value={run.result} testId="function-test-return" />}
      <h4 style={{ margin: '6px 0 0' }}>Logs</h4>
      {run.logs.length ? <pre data-testid="function-test-logs">{run.logs.join('\n')}</pre> : <div className="muted">No output.</div>}
    </>
  );
}
