"use client";
// Shows a webhook's signing secret exactly once (at creation and after a rotation), with the
// same care as an API key (the shared one-time reveal).
import { SecretRevealDialog } from "@/components/ui/secret-reveal-dialog";

type Props = { secret: string; url: string; rotated: boolean; onClose: () => void; fallbackFocus?: () => HTMLElement | null };

export function WebhookSecretDialog({ secret, url, rotated, onClose, fallbackFocus }: Props) {
  return (
    <SecretRevealDialog
      title={rotated ? "Your new signing secret" : "Your webhook's signing secret"}
      label="Signing secret"
      secret={secret}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
      description={
        <>
          <strong className="font-semibold text-ink">This signing secret will never be shown again.</strong> Your receiver uses it to check
          that deliveries come from Keydesk (Standard Webhooks signatures).
          {rotated ? " The previous secret keeps signing beside it for 24 hours, so you can switch over without missing a delivery." : ""}
        </>
      }
    >
      <p className="break-all text-xs text-ink-muted">For {url}</p>
    </SecretRevealDialog>
  );
}
