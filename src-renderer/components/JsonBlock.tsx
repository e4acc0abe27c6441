/** Read-only JSON (or text) shown as a scrollable monospace block. */

export function pretty(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

export function JsonBlock({ value, testId }: { value: unknown; testId?: string }) {
  return (
    <pre className="code-box" data-testid={testId}>
      {value === undefined ? '(none)' : pretty(value)}
    </pre>
  );
}

/** Any object's own fields, one row each (values other than text as JSON). */
export function KvTable({ record, empty = '(none)' }: { record: object | undefined; empty?: string }) {
  const entries = Object.entries(record ?? {});
  if (entries.length === 0) return <div className="muted">{empty}</div>;
  return (
    <table className="grid kv">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <td>{k}</td>
            <td>{typeof v === 'string' ? v : JSON.stringify(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
