/**
 * A list edited in place as table rows: each item one row of inputs with a × to remove it, and the
 * item's validation message across the table right under it. Used for request and backend
 * parameters, identity sources, backend-policy conditions and the policy editors' lists; the add
 * button stays with the caller (in a section's actions, or under the table).
 */
import { Fragment, type ReactNode } from 'react';
import { patchAt, removeAt } from '../lib/list-edit';

export interface EditableColumn<T> {
  /** Leave out on every column for a table without a header row. */
  header?: ReactNode;
  width?: number | string;
  /** `set` patches this row. */
  cell(row: T, set: (patch: Partial<T>) => void, index: number): ReactNode;
}

export interface EditableTableProps<T> {
  rows: readonly T[];
  columns: (EditableColumn<T> | false)[];
  onChange(rows: T[]): void;
  /** The message for row `index` (undefined: the row is valid). */
  errorAt?(index: number): string | undefined;
  rowTestId?: string;
  /** Width of the × column. */
  removeWidth?: number;
  /** False hides the × (a list that must keep its one row). */
  removable?: boolean;
}

export function EditableTable<T>({ rows, columns, onChange, errorAt, rowTestId, removeWidth, removable = true }: EditableTableProps<T>) {
  const shown = columns.filter((c): c is EditableColumn<T> => c !== false);
  const hasHeader = shown.some((c) => c.header !== undefined);
  return (
    <table className="grid">
      {hasHeader && (
        <thead>
          <tr>
            {shown.map((c, k) => (
              <th key={k} style={c.width === undefined ? undefined : { width: c.width }}>
                {c.header}
              </th>
            ))}
            <th style={removeWidth === undefined ? undefined : { width: removeWidth }} />
          </tr>
        </thead>
      )}
      <tbody>
        {rows.map((row, i) => {
          const message = errorAt?.(i);
          const set = (patch: Partial<T>) => onChange(patchAt(rows, i, patch));
          return (
            <Fragment key={i}>
              <tr className={message ? 'invalid' : undefined} data-testid={rowTestId}>
                {shown.map((c, k) => (
                  <td key={k} style={!hasHeader && c.width !== undefined ? { width: c.width } : undefined}>
                    {c.cell(row, set, i)}
                  </td>
                ))}
                <td style={!hasHeader && removeWidth !== undefined ? { width: removeWidth } : undefined}>
                  {removable && (
                    <button className="icon-btn" title="Remove" onClick={() => onChange(removeAt(rows, i))}>
                      ×
                    </button>
                  )}
                </td>
              </tr>
              {message && (
                <tr>
                  <td colSpan={shown.length + 1} className="field-error">
                    {message}
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
