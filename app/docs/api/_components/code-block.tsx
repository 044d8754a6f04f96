// A labelled code sample with a copy button.
import { CopyButton } from "@/components/ui/copy-button";

export function CodeBlock({ label, code }: { label: string; code: string }) {
  return (
    <figure className="overflow-hidden rounded-card border border-line-soft bg-surface">
      <figcaption className="flex items-center justify-between gap-2 border-b border-line-soft px-3 py-1.5 text-xs font-medium text-ink-muted">
        <span>{label}</span>
        <CopyButton value={code} what={label} />
      </figcaption>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable sample must be reachable by keyboard to be scrolled. */}
      <pre className="overflow-x-auto bg-surface-sunken p-3 text-xs leading-relaxed" tabIndex={0} title={label}>
        <code className="font-mono">{code}</code>
      </pre>
    </figure>
  );
}
