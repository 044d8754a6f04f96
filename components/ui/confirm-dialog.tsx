"use client";
// A confirmation for one server action: Cancel, or the confirm button that runs it. A refusal is
// shown inside the dialog (announced), and the dialog stays open; success closes it. The body
// mounts with the dialog, so every opening starts without an old error.
import { type ReactNode, useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button, type ButtonVariant } from "./button";
import { Dialog, DialogActions } from "./dialog";
import { announce } from "./toaster";

type Props<T> = {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  variant?: ButtonVariant;
  run: () => Promise<ActionResult<T>>;
  onDone?: (data: T) => void;
  /** What happened, shown as a toast after success. */
  doneMessage?: (data: T) => string;
  /** Where focus goes when the button that opened the dialog is gone afterwards. */
  fallbackFocus?: () => HTMLElement | null;
};

export function ConfirmDialog<T>({ open, onClose, title, description, fallbackFocus, ...body }: Props<T>) {
  return (
    <Dialog open={open} onClose={onClose} role="alertdialog" title={title} description={description} fallbackFocus={fallbackFocus}>
      <ConfirmBody onClose={onClose} {...body} />
    </Dialog>
  );
}

function ConfirmBody<T>({
  onClose,
  confirmLabel,
  busyLabel,
  variant = "danger",
  run,
  onDone,
  doneMessage,
}: Omit<Props<T>, "open" | "title" | "description" | "fallbackFocus">) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await run();
      if (result.ok) {
        onDone?.(result.data);
        onClose();
        if (doneMessage) announce(doneMessage(result.data));
        return;
      }
      setError(result.message);
    } catch {
      setError("Something went wrong and nothing was changed. Please try again.");
    }
    setBusy(false);
  }

  return (
    <>
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {error}
      </div>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant={variant} onClick={confirm} busy={busy}>
          {busy ? busyLabel : confirmLabel}
        </Button>
      </DialogActions>
    </>
  );
}
