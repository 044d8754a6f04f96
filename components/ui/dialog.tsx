"use client";
// Modal dialog on the native <dialog> element: the browser traps focus, makes the page behind
// inert and returns focus to the opener on close. `dismissible={false}` ignores Escape and
// clicks outside (the reveal dialog uses it until the secret is confirmed as stored).
// Its content ends with DialogActions, which stay in view while the body scrolls and give the
// dialog its bottom padding.
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
      const back = opener.current;
      opener.current = null;
      const fallback = () => state.current.fallbackFocus?.() ?? null;
      // Only when focus would otherwise be lost (inside the closed dialog, or on the page body).
      if (dialog.contains(document.activeElement) || focusLost()) {
        if (back?.isConnected) back.focus();
        if (focusLost() || dialog.contains(document.activeElement)) fallback()?.focus();
      }
      guardFocus(fallback);
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
        // Never taller or wider than the screen: the body scrolls and DialogActions stay in view.
        // The text styles are reset because a dialog inherits them from where it sits in the page
        // (a right-aligned, unwrapped table cell, for instance).
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg overflow-y-auto overscroll-contain rounded-card border border-line-soft bg-surface p-0 text-left text-base font-normal whitespace-normal text-ink normal-case tracking-normal shadow-xl",
        className,
      )}
    >
      {open ? (
        <div className="px-4 pt-5 sm:px-6 sm:pt-6">
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

function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/**
 * After a change the page re-renders with the server's answer, which may remove or disable the
 * control focus went back to (a revoked key's buttons, a button disabled at the limit). For a
 * short while after closing, focus that falls to the page goes to `fallback` instead, computed
 * then, from the re-rendered page. A click or key press by the person ends the watch.
 */
function guardFocus(fallback: () => HTMLElement | null) {
  const until = performance.now() + 3000;
  let stopped = false;
  const stop = () => {
    stopped = true;
    document.removeEventListener("pointerdown", stop, true);
    document.removeEventListener("keydown", stop, true);
  };
  document.addEventListener("pointerdown", stop, true);
  document.addEventListener("keydown", stop, true);
  const tick = () => {
    if (stopped) return;
    if (focusLost()) fallback()?.focus();
    if (performance.now() < until) requestAnimationFrame(tick);
    else stop();
  };
  requestAnimationFrame(tick);
}

/**
 * A dialog's buttons. They stick to the bottom edge of the dialog while its body scrolls, so the
 * primary action is always in view, on a phone and after validation errors lengthen a form.
 */
export function DialogActions({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={cn(
        "sticky bottom-0 z-10 -mx-4 mt-5 flex flex-wrap items-center justify-end gap-2 border-t border-line-soft bg-surface px-4 py-4 sm:-mx-6 sm:px-6",
        className,
      )}
    >
      {children}
    </div>
  );
}
