import type { ReactNode } from "react";

// A wide table's scrolling box. It is focusable so that keyboard users can scroll it (axe's
// scrollable-region-focusable), and named so that screen readers announce what it holds.
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be scrolled.
    <section className="overflow-x-auto rounded-card border border-line-soft bg-surface" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
