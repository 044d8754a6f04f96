"use client";
// Shows a webhook's signing secret exactly once (at creation and after a rotation), with the
// same care as an API key: it cannot be dismissed until the person confirms they stored it.
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";

type Props = { secret: string; url: string; rotated: boolean; onClose: () => void; fallbackFocus?: () => HTMLElement | null };

export function WebhookSecretDialog({ secret, url, rotated, onClose, fallbackFocus }: Props) {
  const [stored, setStored] = useState(false);
  const checkboxId = useId();
  return (
    <Dialog
      open
      dismissible={stored}
      fallbackFocus={fallbackFocus}
      onClose={() => stored && onClose()}
      title={rotated ? "Your new signing secret" : "Your webhook's signing secret"}
      className="max-w-2xl"
      description={
        <>
          <strong className="font-semibold text-ink">This signing secret will never be shown again.</strong> Your receiver uses it to check
          that deliveries come from Keydesk (Standard Webhooks signatures).
          {rotated ? " The previous secret keeps signing beside it for 24 hours, so you can switch over without missing a delivery." : ""}
        </>
      }
    >
      <div className="space-y-4">
        <CopyField label="Signing secret" value={secret} size="xs" />
        <p className="break-all text-xs text-ink-muted">For {url}</p>
        <div className="rounded-md border border-warning-800/30 bg-warning-50 p-3">
          <label htmlFor={checkboxId} className="flex items-start gap-2 text-sm font-medium text-ink">
            <input id={checkboxId} type="checkbox" className="mt-0.5" checked={stored} onChange={(e) => setStored(e.target.checked)} />I
            have copied the signing secret and stored it securely
          </label>
        </div>
        <div className="flex items-center justify-end gap-3">
          {!stored ? (
            <p id={`${checkboxId}-why`} className="text-xs text-ink-muted">
              Tick the box to close.
            </p>
          ) : null}
          <Button variant="primary" disabled={!stored} onClick={onClose} aria-describedby={!stored ? `${checkboxId}-why` : undefined}>
            Close
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
