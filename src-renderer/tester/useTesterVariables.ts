/**
 * The tester's {{variables}} of the selected environment: loaded from the workspace, edited as
 * rows, saved explicitly (the set is shared by every tester tab and kept with the workspace).
 */
import { useCallback, useEffect, useState } from 'react';
import { RELEASE_ENV } from '../../src-shared/model';
import type { TesterVariables } from '../../src-shared/tester-variables';
import { recordToRows, rowsToRecord, type KeyValueRow } from '../lib/keyValueRows';
import { useAction } from '../lib/useAction';
import { useWorkspace } from '../state/WorkspaceContext';

export function useTesterVariables(env: string) {
  const ws = useWorkspace();
  const envName = env || RELEASE_ENV;
  const [all, setAll] = useState<TesterVariables>({});
  const [rows, setRows] = useState<KeyValueRow[]>([]);
  const load = useCallback(() => ws.api.testerVariables().then(setAll), [ws.api]);
  useEffect(() => {
    void load();
  }, [load]);
  const saved = all[envName] ?? {};
  // The rows start over from the saved set whenever it, or the chosen environment, changes (adjusted
  // while rendering; `saved` itself is a new object on every render when the environment has none).
  const [rowsOf, setRowsOf] = useState({ all, envName });
  if (rowsOf.all !== all || rowsOf.envName !== envName) {
    setRowsOf({ all, envName });
    setRows(recordToRows(saved));
  }
  // What is on screen is what a send uses, saved or not.
  const values = rowsToRecord(rows);
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  const save = useAction(async () => setAll(await ws.api.setTesterVariables({ env: envName, variables: values })));
  return { envName, rows, setRows, values, dirty, save };
}
