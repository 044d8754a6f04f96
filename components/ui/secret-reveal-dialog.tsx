"use client";
// A secret shown exactly once (a new API key, a webhook's signing secret): the secret first,
// whole (wrapped, monospace), focused and selected as the dialog opens, with a copy button. The
// dialog cannot be dismissed (no Escape, no click outside, Close disabled) until the person
// confirms they stored it. On close the parent drops the secret; the server never stored it.
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Button } from "./button";
import { CopyButton } from "./copy-button";
import { Dialog, DialogActions } from "./dialog";

type Props = {
  title: string;
  description: ReactNode;
  /** "Secret key", "Signing secret": the field's label and, in lower case, the acknowledgement's. */
  label: string;
  secret: string;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
  /** What the secret belongs to, shown after it (client ID, endpoint, a download). */
  children?: ReactNode;
};

export function SecretRevealDialog({ title, description, label, secret, onClose, fallbackFocus, children }: Props) {
  const [stored, setStored] = useState(false);
  const checkboxId = useId();
  const secretId = useId();
  const secretRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    // The dialog opens in the same commit; once it is modal, put the caret on the secret.
    const frame = requestAnimationFrame(() => {
      secretRef.current?.focus();
      secretRef.current?.select();
    });
    return () => cancelAnimationFrame(frame);
  }, []);

  return (
    <Dialog
      open
      dismissible={stored}
      fallbackFocus={fallbackFocus}
      onClose={() => stored && onClose()}
      title={title}
      className="max-w-2xl"
      description={description}
    >
      <div className="space-y-4">
        <div>
          <label htmlFor={secretId} className="block text-sm font-semibold">
            {label}
          </label>
          <textarea
            id={secretId}
            ref={secretRef}
            readOnly
            value={secret}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            onFocus={(e) => e.currentTarget.select()}
            className="mt-1 block w-full resize-none break-all rounded-md border-2 border-brand-600 bg-surface-sunken px-3 py-2 font-mono text-sm leading-relaxed text-ink"
          />
          <div className="mt-2">
            <CopyButton value={secret} what={label} />
          </div>
        </div>
        {children}
        <div className="rounded-md border border-warning-800/30 bg-warning-50 p-3">
          <label htmlFor={checkboxId} className="flex items-start gap-2 text-sm font-medium text-ink">
            <input id={checkboxId} type="checkbox" className="mt-0.5" checked={stored} onChange={(e) => setStored(e.target.checked)} />I
            have copied the {label.toLowerCase()} and stored it securely
          </label>
        </div>
        <DialogActions>
          {!stored ? (
            <p id={`${checkboxId}-why`} className="text-xs text-ink-muted">
              Tick the box to close.
            </p>
          ) : null}
          <Button variant="primary" disabled={!stored} onClick={onClose} aria-describedby={!stored ? `${checkboxId}-why` : undefined}>
            Close
          </Button>
        </DialogActions>
      </div>
    </Dialog>
  );
}
