"use client";
// A labelled, read-only value with a copy button: secrets shown once, client ids, endpoints.
import { useId } from "react";
import { cn } from "./cn";
import { CopyButton } from "./copy-button";

type Props = { label: string; value: string; size?: "xs" | "sm"; emphasis?: boolean };

export function CopyField({ label, value, size = "sm", emphasis = true }: Props) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          className={cn(
            "min-w-0 flex-1 rounded-md border border-line bg-surface-sunken px-3 py-2 font-mono",
            size === "xs" ? "text-xs" : "text-sm",
            emphasis ? "text-ink" : "text-ink-soft",
          )}
        />
        <CopyButton value={value} what={label} />
      </div>
    </div>
  );
}
