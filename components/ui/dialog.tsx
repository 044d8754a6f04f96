"use client";
// Modal dialog on the native <dialog> element: the browser traps focus, makes the page behind
// inert and returns focus to the opener on close. `dismissible={false}` ignores Escape and
// clicks outside (the reveal dialog uses it until the secret is confirmed as stored).
import { type ReactNode, useEffect, useId, useRef } from "react";
import { cn } from "./cn";

type Props = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  dismissible?: boolean;
  children: ReactNode;
  className?: string;
  /** For tests and assistive tech: a stable accessible role name is the title. */
  role?: "dialog" | "alertdialog";
  /** Where focus goes on close when the element that opened the dialog is gone. */
  fallbackFocus?: () => HTMLElement | null;
};

export function Dialog({ open, onClose, title, description, dismissible = true, children, className, role, fallbackFocus }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const state = useRef({ open, dismissible, onClose, fallbackFocus });
  state.current = { open, dismissible, onClose, fallbackFocus };
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const restoreFocus = () => {
      const target = opener.current?.isConnected ? opener.current : state.current.fallbackFocus?.();
      opener.current = null;
      // Only when focus would otherwise be lost (inside the closed dialog, or on the page body).
      if (target && (dialog.contains(document.activeElement) || document.activeElement === document.body)) {
        target.focus();
      }
    };
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
    }
    if (!open && dialog.open) {
      dialog.close();
      restoreFocus();
    }
    return () => {
      // Unmounted while open (the parent dropped it): close it properly and hand focus back.
      if (!dialog.isConnected && dialog.open) {
        dialog.close();
        restoreFocus();
      }
    };
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const onCancel = (event: Event) => {
      // Escape: we decide whether to close, never the browser.
      event.preventDefault();
      if (state.current.dismissible) state.current.onClose();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !state.current.dismissible) event.preventDefault();
    };
    const onNativeClose = () => {
      // Browsers may force-close a modal after repeated Escape presses; a dialog that must stay
      // open is shown again.
      if (state.current.open && !state.current.dismissible) dialog.showModal();
      else if (state.current.open) state.current.onClose();
    };
    dialog.addEventListener("cancel", onCancel);
    dialog.addEventListener("keydown", onKeyDown);
    dialog.addEventListener("close", onNativeClose);
    return () => {
      dialog.removeEventListener("cancel", onCancel);
      dialog.removeEventListener("keydown", onKeyDown);
      dialog.removeEventListener("close", onNativeClose);
    };
  }, []);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: a backdrop click mirrors Escape, which the keydown listener above handles.
    <dialog
      ref={ref}
      role={role}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      aria-modal="true"
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> element itself.
        if (event.target === ref.current && state.current.dismissible) state.current.onClose();
      }}
      className={cn(
        "m-auto w-[calc(100%-2rem)] max-w-lg rounded-card border border-line-soft bg-surface p-0 text-ink shadow-xl",
        className,
      )}
    >
      {open ? (
        <div className="p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="mt-1 text-sm text-ink-muted">
              {description}
            </div>
          ) : null}
          <div className="mt-4">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
