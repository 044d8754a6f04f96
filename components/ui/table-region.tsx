import type { ReactNode } from "react";

// A wide table's scrolling box. It is focusable so that keyboard users can scroll it (axe's
// scrollable-region-focusable), and named so that screen readers announce what it holds.
// `relative` keeps absolutely positioned descendants (visually hidden captions and headers)
// inside the box: without it they are placed against the page and widen it to the table's
// width on a phone.
export function TableRegion({ label, id, children }: { label: string; id?: string; children: ReactNode }) {
  return (
    <section
      id={id}
      className="relative max-w-full overflow-x-auto rounded-card border border-line-soft bg-surface"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled.
      tabIndex={0}
      aria-label={label}
    >
      {children}
    </section>
  );
}
