import type { ReactNode } from "react";

/** Title, one-line description and the page's main action, at the top of an administration page. */
export function PageHeader({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 id="page-title" tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
          {title}
        </h1>
        {description ? <p className="mt-1 text-sm text-ink-muted">{description}</p> : null}
      </div>
      {action}
    </div>
  );
}

/** A small status badge (Disabled, On/Off, Built-in). */
export function Badge({ tone = "neutral", children }: { tone?: "neutral" | "success" | "danger" | "brand"; children: ReactNode }) {
  const tones = {
    neutral: "bg-surface-sunken text-ink-soft",
    success: "bg-success-50 text-success-700",
    danger: "bg-danger-50 text-danger-700",
    brand: "bg-brand-50 text-brand-800",
  } as const;
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
