/** A titled card holding one part of an editor. */
import type { ReactNode } from 'react';

export function Section({ title, actions, children, testId }: { title: string; actions?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <div className="card-head">
        <h3>{title}</h3>
        {actions}
      </div>
      <div className="card-body">{children}</div>
    </section>
  );
}
