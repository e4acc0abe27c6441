/**
 * "Test": runs the authorizer's function on an editable APIG event, exactly as the gateway would judge
 * the result (without the cache), using the editor's unsaved drafts.
 */
import { useEffect, useImperativeHandle, useState, type Ref } from 'react';
import type { AuthorizerTrace } from '../../../src-shared/trace';
import type { FunctionInput } from '../../../src-shared/rules/inputs';
import { Section } from '../../components/Section';
import { InlineError } from '../../components/ErrorNote';
import { CodeEditor } from '../../monaco/CodeEditor';
import { apigEventTemplate, withIdentities } from '../../lib/apigEvent';
import { codeErrorLocation, type CodeErrorLocation } from '../../lib/codeErrors';
import { EventShapeNotes } from './EventShapeNotes';
import { NamedEventBar } from '../../lab/NamedEventBar';
import { rememberContextKeys } from '../../lib/contextKeys';
import { errorMessage } from '../../lib/errors';
import { MOD_LABEL } from '../../lib/shortcuts';
import { AuthorizerRun } from '../../trace/AuthorizerRun';
import { useWorkspace } from '../../state/WorkspaceContext';
import type { AuthorizerDraft } from './AuthorizerSettings';

export interface AuthorizerTestPanelProps {
  authorizerId?: string;
  draft: AuthorizerDraft;
  /** The bound function with the editor's code, when there is one. */
  fn?: FunctionInput;
  /** The bound function's id when it is saved: its named test events are offered. */
  functionId?: string;
  /** Lets the parent trigger a run (Ctrl/Cmd+Enter in the code editor). */
  runRef?: Ref<(() => void) | undefined>;
  /** Told after each run where in the code it failed (undefined when it did not point at a line). */
  onCodeError?: (location: CodeErrorLocation | undefined) => void;
  /** "Go to line N": shows that line in the code editor. */
  onRevealCode?: (location: CodeErrorLocation) => void;
}

export function AuthorizerTestPanel({ authorizerId, draft, fn, functionId, runRef, onCodeError, onRevealCode }: AuthorizerTestPanelProps) {
  const ws = useWorkspace();
  const [eventText, setEventText] = useState(() => JSON.stringify(apigEventTemplate(draft), null, 2));
  const [result, setResult] = useState<AuthorizerTrace>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // An identity source added in the settings joins the event at once, keeping the user's edits.
  // Compared by content (the array is a new one after every settings edit), adjusted while rendering.
  const [identities, setIdentities] = useState(draft.identities);
  if (JSON.stringify(identities) !== JSON.stringify(draft.identities)) {
    setIdentities(draft.identities);
    setEventText((text) => withIdentities(text, draft.identities, identities));
  }
  // Runs made before the first save still teach the backend-parameter picker this authorizer's keys.
  useEffect(() => {
    if (authorizerId && result) rememberContextKeys(authorizerId, result.context);
  }, [authorizerId, result]);

  const run = async () => {
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch (e) {
      setError(`The event is not valid JSON: ${(e as Error).message}`);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const trace = await ws.api.testAuthorizer({ authorizer: draft, function: fn, event });
      setResult(trace);
      onCodeError?.(codeErrorLocation(trace.reason));
    } catch (e) {
      setResult(undefined);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  // The editor's Ctrl/Cmd+Enter runs the test with the latest event and code.
  useImperativeHandle(runRef, () => () => void run());
  const location = codeErrorLocation(result?.reason);

  return (
    <Section
      title="Test"
      testId="authorizer-test"
      actions={
        <>
          <button className="btn small" onClick={() => setEventText(JSON.stringify(apigEventTemplate(draft), null, 2))} title="Rebuild the event from the identity sources and user data">
            Reset event
          </button>
          <button className="btn small primary" onClick={() => void run()} disabled={busy} data-testid="run-test">
            {busy ? <span className="spinner" /> : '▶'} Run <span className="kbd">{MOD_LABEL}+Enter</span>
          </button>
        </>
      }
    >
      <div className="split even">
        <div className="stack">
          <h4>APIG event</h4>
          {functionId && <NamedEventBar functionId={functionId} text={eventText} onPick={setEventText} />}
          <CodeEditor value={eventText} onChange={setEventText} language="json" height="360px" onRun={() => void run()} testId="event-editor" />
          <EventShapeNotes />
        </div>
        <div className="stack">
          <h4>Result</h4>
          <InlineError error={error} />
          {location && (
            <div className="note error row" data-testid="code-error">
              <span>
                {location.message} at line {location.line} of {fn?.name ?? 'the function'}.
              </span>
              {onRevealCode && (
                <button className="btn small" onClick={() => onRevealCode(location)} data-testid="goto-error-line">
                  Go to line {location.line}
                </button>
              )}
            </div>
          )}
          {result ? <AuthorizerRun run={result} showEvent={false} /> : !error && <div className="muted">Run the authorizer to see its raw result, the gateway's decision, the rules it breaks and its logs.</div>}
        </div>
      </div>
    </Section>
  );
}
