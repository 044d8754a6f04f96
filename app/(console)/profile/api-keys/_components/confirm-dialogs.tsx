"use client";
import { useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { GRACE_OPTIONS } from "@/lib/keys/schemas";
import { activateKeyAction, deactivateKeyAction, endGracePeriodAction, regenerateKeyAction, revokeKeyAction } from "../actions";

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
    try {
      const result = await regenerateKeyAction({ keyId: target.id, grace });
      if (result.ok) return onRegenerated(result.data);
      setError(result.message);
    } catch {
      setError("Something went wrong and nothing was changed. Please try again.");
    }
    setBusy(false);
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
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" onClick={confirm} disabled={busy}>
          {busy ? "Regenerating…" : "Regenerate key"}
        </Button>
      </DialogActions>
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
    <ConfirmDialog
      open={target !== null}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
      title="Revoke API key"
      description={
        target ? (
          <>
            “{target.name}” (<span className="font-mono">{target.clientId}</span>) stops working at once, everywhere. This cannot be undone.
          </>
        ) : null
      }
      confirmLabel="Confirm"
      busyLabel="Revoking…"
      doneMessage={() => `“${target?.name}” revoked. It stops working at once, everywhere.`}
      run={() => revokeKeyAction({ keyId: target?.id ?? "" })}
    />
  );
}

/** Stops the old secret of a regenerated key now instead of at the end of its grace period. */
export function EndGraceDialog({
  target,
  onClose,
  fallbackFocus,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
}) {
  return (
    <ConfirmDialog
      open={target !== null}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
      title="End grace period now?"
      description={
        target ? (
          <>
            The old secret of “{target.name}” (<span className="font-mono">{target.clientId}</span>) stops working at once, everywhere,
            instead of at {formatDateTime(target.expiresAt)}. The newer key is not affected.
          </>
        ) : null
      }
      confirmLabel="End grace period now"
      busyLabel="Ending…"
      run={() => endGracePeriodAction({ keyId: target?.id ?? "" })}
      doneMessage={() => `The old secret of “${target?.name}” stopped working.`}
    />
  );
}

/** Deactivating (refused everywhere until activated) or activating a key, after confirmation. */
export function SetActiveDialog({
  target,
  onClose,
  fallbackFocus,
}: {
  target: ApiKeyView | null;
  onClose: () => void;
  fallbackFocus?: () => HTMLElement | null;
}) {
  const activating = target?.status === "inactive";
  return (
    <ConfirmDialog
      open={target !== null}
      onClose={onClose}
      fallbackFocus={fallbackFocus}
      title={activating ? "Activate API key" : "Deactivate API key"}
      description={
        target ? (
          activating ? (
            <>
              “{target.name}” (<span className="font-mono">{target.clientId}</span>) works again at once, everywhere.
            </>
          ) : (
            <>
              “{target.name}” (<span className="font-mono">{target.clientId}</span>) is refused everywhere within a second until you
              activate it again. It keeps its place under your limit of active keys.
            </>
          )
        ) : null
      }
      variant={activating ? "primary" : "danger"}
      confirmLabel={activating ? "Activate" : "Deactivate"}
      busyLabel={activating ? "Activating…" : "Deactivating…"}
      doneMessage={() =>
        activating ? `“${target?.name}” is active again.` : `“${target?.name}” deactivated. It is refused until activated.`
      }
      run={() => (activating ? activateKeyAction : deactivateKeyAction)({ keyId: target?.id ?? "" })}
    />
  );
}
