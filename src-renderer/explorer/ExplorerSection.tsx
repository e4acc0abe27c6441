/** A collapsible explorer section with a count and a "+" that creates a new item. */
import { useState, type ReactNode } from 'react';

export interface ExplorerSectionProps {
  title: string;
  count: number;
  onAdd?: () => void;
  addLabel?: string;
  empty: ReactNode;
  children: ReactNode;
  testId?: string;
  defaultOpen?: boolean;
}

export function ExplorerSection({ title, count, onAdd, addLabel, empty, children, testId, defaultOpen = true }: ExplorerSectionProps) {
  const [open, setOpen] = useState(defaultOpen);
  return (
    <div className="section" data-testid={testId}>
      <div className="section-head" onClick={() => setOpen(!open)}>
        <span>{open ? '▾' : '▸'}</span>
        <span>{title}</span>
        <span className="count">{count}</span>
        <span className="grow" />
        {onAdd && (
          <button
            className="icon-btn"
            title={addLabel ?? `New ${title.toLowerCase()}`}
            aria-label={addLabel ?? `New ${title.toLowerCase()}`}
            onClick={(e) => {
              e.stopPropagation();
              onAdd();
            }}
          >
            +
          </button>
        )}
      </div>
      {open && <div className="section-body">{count === 0 ? <div className="section-empty">{empty}</div> : children}</div>}
    </div>
  );
}
