"use client";
import { useEffect, useState } from "react";
import { Button } from "./button";

type Props = { value: string; label?: string; what: string; className?: string };

/** Copies `value` to the clipboard and says so (politely) to screen readers. */
export function CopyButton({ value, label = "Copy to clipboard", what, className }: Props) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" onClick={copy} aria-label={`${label}: ${what}`} className={className}>
        {label}
      </Button>
      <span role="status" aria-live="polite" className="text-xs text-ink-muted">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text and copy it" : ""}
      </span>
    </span>
  );
}
