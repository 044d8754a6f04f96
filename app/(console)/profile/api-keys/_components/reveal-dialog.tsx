"use client";
// Shows a new secret key exactly once. It cannot be dismissed (no Escape, no click outside, Close
// disabled) until the person confirms they stored the secret. On close the parent drops the
// token from its state; the server never had it stored.
import { useEffect, useId, useRef, useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogActions } from "@/components/ui/dialog";
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
        {/* The secret first, whole, and focused and selected as the dialog opens. */}
        <div>
          <label htmlFor={secretId} className="block text-sm font-semibold">
            Secret key
          </label>
          <textarea
            id={secretId}
            ref={secretRef}
            readOnly
            value={token}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            onFocus={(e) => e.currentTarget.select()}
            className="mt-1 block w-full resize-none break-all rounded-md border-2 border-brand-600 bg-surface-sunken px-3 py-2 font-mono text-sm leading-relaxed text-ink"
          />
          <div className="mt-2">
            <CopyButton value={token} what="Secret key" />
          </div>
        </div>
        <CopyField label="Client ID" value={key.clientId} size="xs" emphasis={false} />
        <CopyField label="API endpoint" value={endpoint} size="xs" emphasis={false} />
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
