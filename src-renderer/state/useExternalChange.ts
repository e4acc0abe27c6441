/**
 * For an editor showing one saved entity: notices when that entity is changed or deleted by someone
 * else (another window, an import, the core) so the editor can reload it, or warn before its save
 * overwrites the other change. The editor's own saves are not reported: the fetched copy then equals
 * what the editor already holds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { WorkbenchError } from '../../src-shared/contract';
import { useWorkspace } from './WorkspaceContext';

export type ExternalChange<T> = { kind: 'changed'; latest: T } | { kind: 'deleted' };

export function useExternalChange<T>(opts: {
  /** The store's entity name ('api', 'responseSet', …). */
  entity: string;
  id: string | undefined;
  /** What the editor last loaded or saved. */
  saved: T | undefined;
  fetchLatest(id: string): Promise<T>;
  same(a: T, b: T): boolean;
}): [ExternalChange<T> | undefined, () => void] {
  const ws = useWorkspace();
  const [change, setChange] = useState<ExternalChange<T>>();
  const latestOpts = useRef(opts);
  latestOpts.current = opts;
  const { entity, id } = opts;
  const onChanges = ws.onChanges;

  useEffect(() => {
    if (!id) return undefined;
    let alive = true;
    const off = onChanges((batch) => {
      if (!batch.get(entity)?.has(id)) return;
      latestOpts.current.fetchLatest(id).then(
        (latest) => {
          const saved = latestOpts.current.saved;
          if (alive && (!saved || !latestOpts.current.same(saved, latest))) setChange({ kind: 'changed', latest });
        },
        (error) => {
          if (alive && error instanceof WorkbenchError && error.kind === 'not-found') setChange({ kind: 'deleted' });
        },
      );
    });
    return () => {
      alive = false;
      off();
    };
  }, [onChanges, entity, id]);

  const dismiss = useCallback(() => setChange(undefined), []);
  // The fetch may answer before this editor's own save does; once the save lands, what looked like
  // someone else's change is the editor's own version, and nothing is reported.
  const stale = change?.kind === 'changed' && opts.saved !== undefined && opts.same(opts.saved, change.latest);
  return [stale ? undefined : change, dismiss];
}
