"use client";
// The user's keys on their account page (every column of their own list, never a secret), with
// Revoke on each key that is not revoked yet.
import { useState } from "react";
import { KeysTable } from "@/components/api-keys/keys-table";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { revokeUserKeyAction } from "../../actions";

export function UserKeys({ userId, keys }: { userId: string; keys: ApiKeyView[] }) {
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  return (
    <>
      <KeysTable
        keys={keys}
        caption="This user's API keys, newest first"
        emptyText="This user has no API keys."
        actions={(key) =>
          key.status === "revoked" ? null : (
            <Button size="sm" variant="ghost-danger" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
              Revoke
            </Button>
          )
        }
      />
      <ConfirmDialog
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke API key"
        description={
          revoking ? (
            <>
              “{revoking.name}” (<span className="font-mono">{revoking.clientId}</span>) stops working at once, everywhere. This cannot be
              undone.
            </>
          ) : null
        }
        confirmLabel="Confirm"
        busyLabel="Revoking…"
        run={() => revokeUserKeyAction({ userId, keyId: revoking?.id ?? "" })}
        fallbackFocus={() => document.getElementById("user-keys-title")}
      />
    </>
  );
}
