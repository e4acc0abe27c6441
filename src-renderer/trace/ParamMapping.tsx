/** Each backend parameter: where its value came from and the value actually sent (or that it was omitted). */
import type { BackendParamTrace } from '../../src-shared/trace';

export function ParamMapping({ params }: { params: readonly BackendParamTrace[] }) {
  if (params.length === 0) return <div className="muted">No backend parameters are mapped.</div>;
  return (
    <table className="grid" data-testid="param-mapping">
      <thead>
        <tr>
          <th>Source</th>
          <th />
          <th>Backend parameter</th>
          <th>Value sent</th>
        </tr>
      </thead>
      <tbody>
        {params.map((p, i) => (
          <tr key={i}>
            <td className="mono">
              {p.source} <span className="muted">({p.origin.toLowerCase()})</span>
            </td>
            <td>→</td>
            <td className="mono">
              {p.location.toLowerCase()} <b>{p.name}</b>
            </td>
            <td className="mono">{p.value === undefined ? <span className="muted">omitted (no value)</span> : p.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
