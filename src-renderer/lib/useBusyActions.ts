/**
 * Busy flag and error message shared by a panel's buttons: `act(fn)` makes a click handler that runs
 * `fn` with the buttons disabled and shows its failure as the panel's error.
 */
import { useState } from 'react';
import { errorMessage } from './errors';

export function useBusyActions() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const act = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, act };
}
