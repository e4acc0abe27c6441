/** The frame every policy editor shares: title, unsaved badge, Save/Create and Delete, errors. */
import type { ReactNode } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { Section } from '../../components/Section';
import type { Action } from '../../lib/useAction';

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
}

export function EditorFrame({ title, isNew, dirty, save, remove, shownFields, children, testId }: EditorFrameProps) {
  return (
    <Section
      title={title}
      testId={testId}
      actions={
        <>
          {dirty && <span className="badge warn">unsaved</span>}
          {!isNew && (
            <button className="btn small danger" onClick={() => void remove.run()} disabled={remove.busy} data-testid="delete-policy">
              Delete
            </button>
          )}
          <button className="btn small primary" onClick={() => void save.run()} disabled={save.busy || (!isNew && !dirty)} data-testid="save-policy">
            {isNew ? 'Create' : 'Save'}
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
