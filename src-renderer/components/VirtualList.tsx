/**
 * A fixed-row-height virtual list: only the rows in view (plus a small overscan) are in the DOM,
 * so a list of 5,000 APIs scrolls and filters as fast as one of 50.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Height of the scroll box; the list never grows beyond it. */
  maxHeight: number;
  renderRow(item: T, index: number): ReactNode;
  rowKey(item: T): string;
  testId?: string;
}

const OVERSCAN = 8;

export function VirtualList<T>({ items, rowHeight, maxHeight, renderRow, rowKey, testId }: VirtualListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const height = Math.min(maxHeight, items.length * rowHeight);

  // A shorter list (after filtering) may leave the old scroll offset past its end.
  useEffect(() => {
    if (box.current && scrollTop > items.length * rowHeight) {
      box.current.scrollTop = 0;
      setScrollTop(0);
    }
  }, [items.length, rowHeight, scrollTop]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={rowKey(items[i])} style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(items[i], i)}
      </div>,
    );
  }
  return (
    <div className="virtual" ref={box} style={{ height }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid={testId}>
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  );
}
