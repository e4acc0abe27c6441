import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect, type Connection } from './api/client';
import { App } from './App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
let connection: Connection | undefined;
let failure: string | undefined;
try {
  connection = connect();
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
}

root.render(
  <StrictMode>
    {connection ? (
      <App connection={connection} />
    ) : (
      <div className="empty">
        <h2>Cannot reach the workbench</h2>
        <div>{failure}</div>
      </div>
    )}
  </StrictMode>,
);
