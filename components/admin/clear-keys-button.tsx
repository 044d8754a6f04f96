"use client";
// Clear API keys for one user (API management rows and the user's account page). The
// confirmation names the user and how many active keys will be revoked.
import { useState } from "react";
import type { ActionResult } from "@/lib/auth/action";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/confirm-dialog";

type Props = {
  user: { id: string; name: string; email: string };
  activeKeys: number;
  apiAccess: boolean;
  clear: (input: { userId: string }) => Promise<ActionResult<{ revoked: number }>>;
  size?: "sm" | "md";
};

export function ClearKeysButton({ user, activeKeys, apiAccess, clear, size = "sm" }: Props) {
  const [open, setOpen] = useState(false);
  const keys = `${activeKeys} active API ${activeKeys === 1 ? "key" : "keys"}`;
  return (
    <>
      {/* Bright red only when there is something to revoke; with nothing to clear at all it is off. */}
      <Button
        size={size}
        variant={activeKeys > 0 ? "danger" : "secondary"}
        disabled={activeKeys === 0 && !apiAccess}
        onClick={() => setOpen(true)}
        aria-label={`Clear API keys of ${user.name}`}
        title={activeKeys === 0 && !apiAccess ? "No active keys and API access is off: nothing to clear." : undefined}
      >
        Clear API keys
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        title={`Clear API keys of ${user.name}?`}
        description={
          <>
            This revokes {activeKeys > 0 ? `all ${keys}` : "every key"} of <strong>{user.name}</strong> ({user.email})
            {apiAccess ? " and turns their API access off" : ""}. The keys stop working at once. To use the API again, {user.name} must turn
            API access on and issue a new key.
          </>
        }
        confirmLabel="Clear API keys"
        busyLabel="Clearing…"
        run={() => clear({ userId: user.id })}
        doneMessage={(data) => `${data.revoked} ${data.revoked === 1 ? "key" : "keys"} of ${user.name} revoked; API access is off.`}
      />
    </>
  );
}
