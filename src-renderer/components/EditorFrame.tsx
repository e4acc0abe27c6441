/**
 * The frame of an editor shown as a section beside its list (a policy, an app): title, unsaved badge,
 * Delete and Save/Create, and the errors the fields do not show.
 */
import type { ReactNode } from 'react';
import type { Action } from '../lib/useAction';
import { ErrorNote } from './ErrorNote';
import { Section } from './Section';

export interface EditorFrameProps {
  title: string;
  isNew: boolean;
  dirty: boolean;
  save: Action<[], unknown>;
  remove: Action<[], unknown>;
  /** Fields the editor shows messages at; the rest go in the note above. */
  shownFields: string[];
  children: ReactNode;
  testId?: string;
  /** The Save button's label for a new entity. */
  createLabel?: string;
  /** Test ids of the Save and Delete buttons. */
  saveTestId?: string;
  removeTestId?: string;
}

export function EditorFrame({ title, isNew, dirty, save, remove, shownFields, children, testId, createLabel = 'Create', saveTestId = 'save-policy', removeTestId = 'delete-policy' }: EditorFrameProps) {
  return (
    <Section
      title={title}
      testId={testId}
      actions={
        <>
          {dirty && <span className="badge warn">unsaved</span>}
          {!isNew && (
            <button className="btn small danger" onClick={() => void remove.run()} disabled={remove.busy} data-testid={removeTestId}>
              Delete
            </button>
          )}
          <button className="btn small primary" onClick={() => void save.run()} disabled={save.busy || (!isNew && !dirty)} data-testid={saveTestId}>
            {isNew ? createLabel : 'Save'}
          </button>
        </>
      }
    >
      <ErrorNote errors={save.errors} shownFields={shownFields} />
      <ErrorNote errors={remove.errors} />
      {children}
    </Section>
  );
}
