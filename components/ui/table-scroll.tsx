import type { ReactNode } from "react";
import { cn } from "./cn";

/**
 * A wide table scrolls sideways inside its own box, never the page. `relative` keeps absolutely
 * positioned descendants (visually hidden captions and headers) inside the box too: without it
 * they are placed against the page and widen it to the table's width.
 */
export function TableScroll({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <section
      aria-label={label}
      // A scrollable region must be reachable by keyboard to be scrolled.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
      tabIndex={0}
      className={cn("relative max-w-full overflow-x-auto rounded-card border border-line-soft bg-surface", className)}
    >
      {children}
    </section>
  );
}
