/**
 * For an editor showing one saved entity: notices when that entity is changed or deleted by someone
 * else (another window, an import, the core). Without unsaved edits the editor simply follows the
 * change (`load`); with them, the change is reported so the editor can ask before anything is lost.
 * The editor's own saves are not reported: the fetched copy then equals what the editor already holds.
 */
import { useCallback, useEffect, useState } from 'react';
import { WorkbenchError } from '../../src-shared/contract';
import type { EntityName } from '../../src-shared/entity-names';
import { useLatest } from '../lib/useLatest';
import { useWorkspace } from './WorkspaceContext';

export type ExternalChange<T> = { kind: 'changed'; latest: T } | { kind: 'deleted' };

export function useExternalChange<T>(opts: {
  /** The store's entity name ('api', 'responseSet', …). */
  entity: EntityName;
  id: string | undefined;
  /** What the editor last loaded or saved. */
  saved: T | undefined;
  fetchLatest(id: string): Promise<T>;
  same(a: T, b: T): boolean;
  /** Whether the editor holds unsaved edits. */
  dirty: boolean;
  /** Makes `latest` the editor's saved copy and draft. */
  load(latest: T): void;
}): { change: ExternalChange<T> | undefined; loadLatest: (latest: T) => void; dismiss: () => void } {
  const ws = useWorkspace();
  const [change, setChange] = useState<ExternalChange<T>>();
  // Read when a fetch answers, after any number of renders: the options of that moment.
  const latestOpts = useLatest(opts);
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
  }, [onChanges, entity, id, latestOpts]);

  const dismiss = useCallback(() => setChange(undefined), []);
  const loadLatest = (latest: T) => {
    opts.load(latest);
    setChange(undefined);
  };
  // Nothing to lose: follow the change at once (while rendering, so no frame shows the old version).
  if (change?.kind === 'changed' && !opts.dirty) loadLatest(change.latest);
  // The fetch may answer before this editor's own save does; once the save lands, what looked like
  // someone else's change is the editor's own version, and nothing is reported.
  const stale = change?.kind === 'changed' && opts.saved !== undefined && opts.same(opts.saved, change.latest);
  return { change: stale ? undefined : change, loadLatest, dismiss };
}
