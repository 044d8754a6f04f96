"use client";
// Short confirmations after a change ("“CI deploy” revoked…"), in one polite live region that
// screen readers announce. Sonner's stylesheet is loaded as a file (not only injected at run
// time), so toasts keep their look under a Content-Security-Policy that refuses inline styles.
import "sonner/dist/styles.css";
import { Toaster as Sonner, toast } from "sonner";

export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      containerAriaLabel="Notifications"
      toastOptions={{
        duration: 6000,
        classNames: {
          toast: "!rounded-card !border !border-line-soft !bg-surface !text-ink !shadow-lg",
          description: "!text-ink-muted",
          closeButton: "!border-line !bg-surface !text-ink",
        },
      }}
    />
  );
}

/** Tells what a change did. */
export function announce(message: string, description?: string) {
  toast.success(message, description ? { description } : undefined);
}
