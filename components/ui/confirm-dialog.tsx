"use client";
// A confirmation for one server action: Cancel, or the confirm button that runs it. A refusal is
// shown inside the dialog (announced), and the dialog stays open; success closes it.
import { useEffect, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button, type ButtonVariant } from "./button";
import { Dialog } from "./dialog";

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
  children?: ReactNode;
};

export function ConfirmDialog<T>({ open, onClose, title, description, confirmLabel, busyLabel, variant = "danger", run, onDone, children }: Props<T>) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (open) setError(undefined);
  }, [open]);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await run();
      if (result.ok) {
        onDone?.(result.data);
        onClose();
      } else {
        setError(result.message);
      }
    } catch {
      setError("Something went wrong and nothing was changed. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={open} onClose={onClose} role="alertdialog" title={title} description={description}>
      {children}
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {error}
      </div>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant={variant} onClick={confirm} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
