/**
 * "Export as HAR" for one trace or a list of them: a HAR 1.2 file (oldest first) any HAR viewer or
 * replayer reads. Requests sent with an identity override are local-only, so the core refuses them
 * unless asked; the button then says so and offers to include them.
 */
import { useState } from 'react';
import { WorkbenchError } from '../../src-shared/contract';
import { errorMessage } from '../lib/errors';
import { useWorkspace } from '../state/WorkspaceContext';

export function HarExportButton({ ids, fileName, label = 'Export as HAR' }: { ids: string[]; fileName: string; label?: string }) {
  const ws = useWorkspace();
  const [refusal, setRefusal] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const exportHar = async (includeOverrides: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const har = await ws.api.exportTracesHar({ ids, includeOverrides: includeOverrides || undefined });
      setRefusal(undefined);
      download(JSON.stringify(har, null, 2), fileName);
    } catch (e) {
      if (e instanceof WorkbenchError && e.kind === 'conflict') setRefusal(e.message);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span style={{ position: 'relative', display: 'inline-flex' }}>
      <button className="btn small" onClick={() => void exportHar(false)} disabled={busy || ids.length === 0} title="The request(s) and response(s) as a HAR 1.2 file; secrets stay masked" data-testid="export-har">
        {label}
      </button>
      {(refusal || error) && (
        // Floats under the button: it lives in card headers and toolbars, where a row would crowd.
        <div className={`note ${refusal ? 'warn' : 'error'} stack`} role="alert" data-testid="har-override-refused" style={{ position: 'absolute', top: '100%', right: 0, marginTop: 4, width: 380, zIndex: 20, boxShadow: 'var(--shadow)' }} title={refusal}>
          <span>
            {refusal
              ? 'Not exported: a request here was sent with an identity override, which APIG does not have. Include it only if whoever reads the file knows it is local-only (it is marked in the HAR).'
              : error}
          </span>
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            {refusal && (
              <button className="btn small" onClick={() => void exportHar(true)} data-testid="har-include-overrides">
                Export including it
              </button>
            )}
            <button className="btn small" onClick={() => (setRefusal(undefined), setError(undefined))}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </span>
  );
}

function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
