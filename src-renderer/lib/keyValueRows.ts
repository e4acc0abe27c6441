/** Name/value rows as the tables edit them, and their conversion to and from plain records. */

export interface KeyValueRow {
  key: string;
  value: string;
  /** Unticked rows stay in the form but are not sent. */
  enabled: boolean;
}

export function rowsToRecord(rows: KeyValueRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.enabled && r.key.trim()) out[r.key.trim()] = r.value;
  return out;
}

export function recordToRows(record: Record<string, string>): KeyValueRow[] {
  return Object.entries(record).map(([key, value]) => ({ key, value, enabled: true }));
}
