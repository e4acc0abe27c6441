/** Definition diagnostics as compiler-style lines; clicking one jumps the editor to it. */
import type { Diagnostic } from '../../src-shared/contract';

export function DiagnosticList({ diagnostics, filename, onPick, testId }: { diagnostics: Diagnostic[]; filename: string; onPick?: (d: Diagnostic) => void; testId?: string }) {
  if (diagnostics.length === 0) return <div className="note ok" data-testid={testId}>No problems found.</div>;
  return (
    <div data-testid={testId}>
      {diagnostics.map((d, i) => (
        <div key={i} className={`diag ${d.severity}`} onClick={() => onPick?.(d)} data-testid="diagnostic">
          <span className="sev">{d.severity === 'error' ? '●' : '▲'}</span>
          <span className="where">
            {filename}
            {d.line > 0 ? `:${d.line}:${d.column}` : ''}
          </span>
          <span className="diag-text">
            {d.message}
            <span className="diag-pointer">{d.pointer || '/'}</span>
          </span>
        </div>
      ))}
    </div>
  );
}
