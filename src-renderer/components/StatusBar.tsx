/** Bottom bar: where the gateway listens (click to open the gateway panel), workspace and host. */
import { useWorkspace } from '../state/WorkspaceContext';
import { useNav } from '../state/NavContext';

export function StatusBar() {
  const ws = useWorkspace();
  const nav = useNav();
  const gw = ws.gateway;
  return (
    <footer className={`statusbar${gw?.running ? '' : ' stopped'}`} data-testid="statusbar">
      <button onClick={() => nav.open({ kind: 'gateway' })} title="Open the gateway panel">
        <span className={`dot${gw?.running ? ' on' : ''}`} /> {gw?.running ? `Gateway listening on ${gw.url}` : gw?.lastError ? `Gateway stopped: ${gw.lastError}` : 'Gateway stopped'}
      </button>
      <span className="grow" />
      <span>{ws.apis.length} APIs</span>
      <span>{ws.liveTraces.length} requests this session</span>
      <span>{ws.connection.host === 'electron' ? 'Desktop' : 'Browser'}</span>
    </footer>
  );
}
