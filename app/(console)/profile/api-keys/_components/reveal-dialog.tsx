"use client";
// Shows a new secret key exactly once. It cannot be dismissed (no Escape, no click outside, Close
// disabled) until the person confirms they stored the secret. On close the parent drops the
// token from its state; the server never had it stored.
import { useId, useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";
import { apiKeyFileContent, apiKeyFileName } from "@/lib/keys/apikey-file";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";

type Props = {
  issued: IssuedApiKey;
  endpoint: string;
  regenerated: boolean;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
};

export function RevealDialog({ issued, endpoint, regenerated, onClose, fallbackFocus }: Props) {
  const [stored, setStored] = useState(false);
  const checkboxId = useId();
  const { key, token } = issued;

  function download() {
    const text = apiKeyFileContent({
      endpoint,
      clientId: key.clientId,
      token,
      name: key.name,
      apiSets: key.apiSets,
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
    });
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = apiKeyFileName(key.name);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  return (
    <Dialog
      open
      dismissible={stored}
      fallbackFocus={fallbackFocus}
      onClose={() => stored && onClose()}
      title={regenerated ? "Your regenerated API key" : "Your new API key"}
      className="max-w-2xl"
      description={
        <>
          <strong className="font-semibold text-ink">This secret key will never be shown again.</strong> Keydesk keeps only a hash of it.
          Copy it or download it now and store it somewhere safe, such as a password manager.
        </>
      }
    >
      <div className="space-y-4">
        <CopyField label="API endpoint" value={endpoint} size="xs" emphasis={false} />
        <CopyField label="Client ID" value={key.clientId} size="xs" emphasis={false} />
        <CopyField label="Secret key" value={token} size="xs" />
        <p className="text-xs text-ink-muted">
          “{key.name}” · expires {formatDateTime(key.expiresAt)}. Send the secret key as{" "}
          <code className="font-mono">Authorization: Bearer &lt;secret key&gt;</code>.
        </p>
        <div>
          <Button onClick={download}>Download .APIKEY</Button>
        </div>
        <div className="rounded-md border border-warning-800/30 bg-warning-50 p-3">
          <label htmlFor={checkboxId} className="flex items-start gap-2 text-sm font-medium text-ink">
            <input id={checkboxId} type="checkbox" className="mt-0.5" checked={stored} onChange={(e) => setStored(e.target.checked)} />I
            have copied the secret key and stored it securely
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
