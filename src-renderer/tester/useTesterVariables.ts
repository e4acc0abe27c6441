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
  const load = useCallback(async () => setAll(await ws.api.testerVariables()), [ws.api]);
  useEffect(() => {
    void load();
  }, [load]);
  const saved = all[envName] ?? {};
  useEffect(() => setRows(recordToRows(saved)), [envName, all]); // Deliberately partial: the saved set of the chosen environment
  // What is on screen is what a send uses, saved or not.
  const values = rowsToRecord(rows);
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);
  const save = useAction(async () => setAll(await ws.api.setTesterVariables({ env: envName, variables: values })));
  return { envName, rows, setRows, values, dirty, save };
}
