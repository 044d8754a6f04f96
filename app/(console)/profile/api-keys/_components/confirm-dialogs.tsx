"use client";
// Confirmations for Regenerate and Revoke. Both call their server action and report its message
// inside the dialog when the server refuses.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { GRACE_OPTIONS } from "@/lib/keys/schemas";
import { regenerateKeyAction, revokeKeyAction } from "../actions";

type Grace = (typeof GRACE_OPTIONS)[number]["value"];

export function RegenerateDialog({
  target,
  onClose,
  onRegenerated,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  onRegenerated: (issued: IssuedApiKey) => void;
}) {
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title="Regenerate API key"
      description={
        target ? (
          <>
            “{target.name}” gets a new secret key with the same name, description and API sets and a fresh expiry. Anything using the old
            secret must be updated.
          </>
        ) : null
      }
    >
      {target ? <RegenerateForm target={target} onCancel={onClose} onRegenerated={onRegenerated} /> : null}
    </Dialog>
  );
}

// Mounted only while the dialog is open: each opening starts from "stop the old secret now".
function RegenerateForm({
  target,
  onCancel,
  onRegenerated,
}: {
  target: ApiKeyView;
  onCancel: () => void;
  onRegenerated: (issued: IssuedApiKey) => void;
}) {
  const [grace, setGrace] = useState<Grace>("none");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    const result = await regenerateKeyAction({ keyId: target.id, grace });
    setBusy(false);
    if (result.ok) onRegenerated(result.data);
    else setError(result.message);
  }

  return (
    <>
      <fieldset>
        <legend className="text-sm font-medium">Old secret</legend>
        <div className="mt-2 space-y-2">
          {GRACE_OPTIONS.map((g) => (
            <label key={g.value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="grace" value={g.value} checked={grace === g.value} onChange={() => setGrace(g.value)} />
              {g.label}
            </label>
          ))}
        </div>
      </fieldset>
      <div role="alert" aria-live="assertive" className="mt-3 text-sm text-danger-700">
        {error}
      </div>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" onClick={confirm} disabled={busy}>
          {busy ? "Regenerating…" : "Regenerate key"}
        </Button>
      </div>
    </>
  );
}

export function RevokeDialog({
  target,
  onClose,
  fallbackFocus,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
}) {
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      role="alertdialog"
      fallbackFocus={fallbackFocus}
      title="Revoke API key"
      description={
        target ? (
          <>
            “{target.name}” (<span className="font-mono">{target.clientId}</span>) stops working at once, everywhere. This cannot be undone.
          </>
        ) : null
      }
    >
      {target ? <RevokeForm target={target} onDone={onClose} /> : null}
    </Dialog>
  );
}

function RevokeForm({ target, onDone }: { target: ApiKeyView; onDone: () => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(undefined);
    const result = await revokeKeyAction({ keyId: target.id });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.message);
  }

  return (
    <>
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {error}
      </div>
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={onDone}>Cancel</Button>
        <Button variant="danger" onClick={confirm} disabled={busy}>
          {busy ? "Revoking…" : "Confirm"}
        </Button>
      </div>
    </>
  );
}
