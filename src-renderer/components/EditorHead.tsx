/**
 * The head of an editor that fills a tab (an API, a group, a function, an authorizer, a response
 * set): its title with the unsaved badge, the editor's own buttons, Delete and Save.
 */
import type { ReactNode } from 'react';
import type { Action } from '../lib/useAction';
import { SaveButton } from './SaveButton';

export function EditorHead({
  title,
  dirty,
  save,
  remove,
  saveLabel,
  unsavedBadge = dirty,
  children,
}: {
  title: ReactNode;
  /** Unsaved edits: enables Save. */
  dirty: boolean;
  save: Action<[], unknown>;
  /** Left out where the entity cannot be deleted (not saved yet, a group's default set). */
  remove?: Action<[], unknown>;
  saveLabel?: string;
  /** Whether the "unsaved" badge shows (a new, untouched entity may leave it out). */
  unsavedBadge?: boolean;
  /** Buttons before Delete. */
  children?: ReactNode;
}) {
  return (
    <div className="screen-head">
      <h1>
        {title}
        {unsavedBadge && <span className="badge warn">unsaved</span>}
      </h1>
      {children}
      {remove && (
        <button className="btn danger" onClick={() => void remove.run()} disabled={remove.busy}>
          Delete
        </button>
      )}
      <SaveButton save={save} dirty={dirty} label={saveLabel} />
    </div>
  );
}
