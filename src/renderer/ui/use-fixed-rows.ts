import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

export interface FixedRow {
  index: number;
  /** Its offset from the top of the scrolled content, in pixels. */
  start: number;
}

interface Options {
  count: number;
  /** Every row is this tall (the list's CSS says so too). */
  rowHeight: number;
  /** Rows rendered beyond each edge of the view, so a quick scroll shows no gap. */
  overscan: number;
  scrollRef: RefObject<HTMLElement | null>;
  /** The view's height before it is laid out (the first render). */
  initialHeight: number;
}

/**
 * A virtualized list of rows of one height: only the rows in view (and `overscan` around them)
 * are rendered. With one height the arithmetic is two divisions, so this is a few lines rather
 * than a general virtualizer (TanStack Virtual measured each row and cost a tenth of the bundle);
 * the view re-renders only when the range of rows changes, not on every pixel of a scroll.
 */
export function useFixedRows({ count, rowHeight, overscan, scrollRef, initialHeight }: Options) {
  const [view, setView] = useState({ top: 0, height: initialHeight });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const read = () =>
      setView((current) => {
        const next = { top: element.scrollTop, height: element.clientHeight };
        const band = (v: typeof next) =>
          `${Math.floor(v.top / rowHeight)}:${Math.ceil((v.top + v.height) / rowHeight)}`;
        return band(current) === band(next) ? current : next;
      });
    read();
    element.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  const rows: FixedRow[] = [];
  for (let index = first; index <= last; index++) rows.push({ index, start: index * rowHeight });

  /** Scrolls just enough for the row to be in full view (none when it already is). */
  const scrollToIndex = useCallback(
    (index: number) => {
      const element = scrollRef.current;
      if (!element) return;
      const top = index * rowHeight;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + rowHeight > element.scrollTop + element.clientHeight) {
        element.scrollTop = top + rowHeight - element.clientHeight;
      }
    },
    [scrollRef, rowHeight],
  );

  return { rows, totalSize: count * rowHeight, scrollToIndex };
}
