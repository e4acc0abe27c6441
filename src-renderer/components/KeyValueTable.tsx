/** Editable name/value rows (headers, query parameters); an empty last row is always offered. */
import type { KeyValueRow } from '../lib/keyValueRows';
import { removeAt } from '../lib/list-edit';

export function KeyValueTable({ rows, onChange, keyLabel = 'Name', testId }: { rows: KeyValueRow[]; onChange(rows: KeyValueRow[]): void; keyLabel?: string; testId?: string }) {
  const shown = [...rows, { key: '', value: '', enabled: true }];
  const update = (index: number, patch: Partial<KeyValueRow>) => {
    const next = shown.map((r, i) => (i === index ? { ...r, ...patch } : r));
    // Drop the trailing blank row; keep blanks the user left in the middle until they delete them.
    while (next.length && !next[next.length - 1].key && !next[next.length - 1].value) next.pop();
    onChange(next);
  };
  return (
    <table className="grid" data-testid={testId}>
      <thead>
        <tr>
          <th style={{ width: 28 }} />
          <th>{keyLabel}</th>
          <th>Value</th>
          <th style={{ width: 28 }} />
        </tr>
      </thead>
      <tbody>
        {shown.map((row, i) => (
          <tr key={i}>
            <td>
              {i < rows.length && <input type="checkbox" checked={row.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} aria-label="enabled" />}
            </td>
            <td>
              <input value={row.key} placeholder={i === rows.length ? `Add ${keyLabel.toLowerCase()}` : ''} onChange={(e) => update(i, { key: e.target.value })} aria-label={`${keyLabel} ${i + 1}`} />
            </td>
            <td>
              <input value={row.value} onChange={(e) => update(i, { value: e.target.value })} aria-label={`Value ${i + 1}`} />
            </td>
            <td>{i < rows.length && <button className="icon-btn" title="Remove" onClick={() => onChange(removeAt(rows, i))}>×</button>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
