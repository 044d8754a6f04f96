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
  const [done, setDone] = useState<string>();
  const keys = `${activeKeys} active API ${activeKeys === 1 ? "key" : "keys"}`;
  return (
    <>
      <Button size={size} variant="danger" onClick={() => setOpen(true)} aria-label={`Clear API keys of ${user.name}`}>
        Clear API keys
      </Button>
      <span role="status" aria-live="polite" className="sr-only">
        {done}
      </span>
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
        confirmLabel={activeKeys > 0 ? `Revoke ${keys}` : "Clear API keys"}
        busyLabel="Clearing…"
        run={() => clear({ userId: user.id })}
        onDone={(data) => setDone(`${data.revoked} ${data.revoked === 1 ? "key" : "keys"} of ${user.name} revoked; API access is off.`)}
      />
    </>
  );
}
