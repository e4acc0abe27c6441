/** Runs one async user action at a time, keeping its busy flag and its errors for the form. */
import { useCallback, useState } from 'react';
import { NO_ERRORS, toFormErrors, type FormErrors } from './errors';
import { useLatest } from './useLatest';

export interface Action<A extends unknown[], R> {
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  errors: FormErrors;
  clear(): void;
}

export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const fnRef = useLatest(fn);
  const run = useCallback(async (...args: A) => {
    setBusy(true);
    try {
      const result = await fnRef.current(...args);
      setErrors(NO_ERRORS);
      return result;
    } catch (error) {
      setErrors(toFormErrors(error));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [fnRef]);
  const clear = useCallback(() => setErrors(NO_ERRORS), []);
  return { run, busy, errors, clear };
}
