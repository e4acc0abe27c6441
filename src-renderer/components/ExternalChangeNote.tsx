/** Tells the user that what this editor shows was changed or deleted elsewhere, and offers the way out. */
import type { ExternalChange } from '../state/useExternalChange';

export function ExternalChangeNote<T>({
  change,
  what,
  onLoad,
  onDismiss,
  onClose,
}: {
  change: ExternalChange<T> | undefined;
  /** e.g. "This API". */
  what: string;
  onLoad(latest: T): void;
  onDismiss(): void;
  onClose(): void;
}) {
  if (!change) return null;
  if (change.kind === 'deleted') {
    return (
      <div className="note warn row" role="alert" data-testid="external-change">
        <span className="grow">{what} was deleted elsewhere (another window, an import or the CLI). Saving would fail.</span>
        <button className="btn small" onClick={onClose}>Close tab</button>
      </div>
    );
  }
  return (
    <div className="note warn row" role="alert" data-testid="external-change">
      <span className="grow">{what} was changed elsewhere while you were editing it. Saving now overwrites that change.</span>
      <button className="btn small" onClick={() => onLoad(change.latest)}>Load the saved version</button>
      <button className="btn small ghost" onClick={onDismiss}>Keep my edits</button>
    </div>
  );
}
