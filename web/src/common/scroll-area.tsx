import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

interface ScrollAreaProps {
  /** Accessible name of the area while it scrolls, such as the table's title. */
  label: string;
  /** The hint shown while the content is wider than the area. */
  hint: string;
  /** A title shown above the area, outside the part that scrolls, so it is read whole on a phone. */
  title?: ReactNode;
  /** The title's id, for the `aria-labelledby` of the table inside. */
  titleId?: string;
  className?: string;
  children: ReactNode;
}

/**
 * Wraps content that may be wider than the page, as a wide table or chart is on a phone, in a box
 * that scrolls sideways. While the content overflows, a hint shows above it, the cut edge fades
 * and the box takes keyboard focus, so arrow keys scroll it.
 */
export function ScrollArea({ label, hint, title, titleId, className = 'table-scroll', children }: ScrollAreaProps) {
  const box = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState({ wider: false, atEnd: true });

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const measure = () => {
      const wider = element.scrollWidth > element.clientWidth + 1;
      setOverflow({ wider, atEnd: element.scrollLeft + element.clientWidth >= element.scrollWidth - 1 });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    element.addEventListener('scroll', measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener('scroll', measure);
    };
  }, []);

  const hasMore = overflow.wider && !overflow.atEnd;
  return (
    <div className={hasMore ? 'scroll-area has-more' : 'scroll-area'}>
      {title && (
        <p className="table-title" id={titleId}>
          {title}
        </p>
      )}
      {overflow.wider && (
        <p className="scroll-hint" data-scroll-hint>
          <span aria-hidden="true">↔ </span>
          {hint}
        </p>
      )}
      <div ref={box} className={className} tabIndex={overflow.wider ? 0 : undefined} role={overflow.wider ? 'region' : undefined} aria-label={overflow.wider ? label : undefined}>
        {children}
      </div>
    </div>
  );
}
