/**
 * A function's named test events (kept in the workspace, as the FunctionGraph console keeps them):
 * pick one into the event editor, save the editor's event under a name (the same name replaces it),
 * delete the picked one. Used by the function editor's and the authorizer editor's Test.
 */
import { useCallback, useEffect, useState } from 'react';
import type { NamedTestEvent } from '../../src-shared/lab/test-events';
import { InlineError } from '../components/ErrorNote';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';
import { useBusyActions } from '../lib/useBusyActions';

export function NamedEventBar({ functionId, text, onPick }: { functionId: string; text: string; onPick: (text: string) => void }) {
  const ws = useWorkspace();
  const [events, setEvents] = useState<NamedTestEvent[]>([]);
  const [picked, setPicked] = useState('');
  const [name, setName] = useState('');
  const { busy, error, setError, act } = useBusyActions();

  const reload = useCallback(() => ws.api.listTestEvents({ functionId }).then(setEvents, (e) => setError(errorMessage(e))), [ws.api, functionId, setError]);
  useEffect(() => void reload(), [reload]);
  useEffect(() => ws.onChanges((batch) => void (batch.get('testEvent')?.has(functionId) && reload())), [ws, functionId, reload]);

  const pick = (id: string) => {
    setPicked(id);
    const event = events.find((e) => e.id === id);
    if (!event) return;
    setName(event.name);
    onPick(JSON.stringify(event.event, null, 2));
  };
  const save = act(async () => {
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (e) {
      throw new Error(`The event is not valid JSON: ${(e as Error).message}`);
    }
    const saved = await ws.api.saveTestEvent({ functionId, name: name.trim(), event });
    await reload();
    setPicked(saved.id);
  });
  const remove = act(async () => {
    if (!picked) return;
    await ws.api.removeTestEvent({ id: picked });
    setPicked('');
    await reload();
  });
  const current = events.find((e) => e.id === picked);
  const edited = current ? JSON.stringify(current.event, null, 2) !== text : false;

  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="row" data-testid="named-events">
        <select value={picked} onChange={(e) => pick(e.target.value)} aria-label="Saved test event" data-testid="event-pick" style={{ maxWidth: 200 }}>
          <option value="">{events.length ? `Saved events (${events.length})…` : 'No saved events yet'}</option>
          {events.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Event name" aria-label="Event name" data-testid="event-name" style={{ width: 140 }} />
        <button className="btn small" onClick={() => void save()} disabled={busy || !name.trim()} title="Saved in the workspace with the function; the same name replaces it" data-testid="event-save">
          {events.some((e) => e.name === name.trim()) ? 'Save (replace)' : 'Save'}
        </button>
        <button className="btn small" onClick={() => void remove()} disabled={busy || !picked} data-testid="event-delete">
          Delete
        </button>
        {edited && <span className="muted">edited since saved</span>}
      </div>
      <InlineError error={error} />
    </div>
  );
}
