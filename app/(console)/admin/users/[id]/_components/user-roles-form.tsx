"use client";
// Roles of one user: tick the roles, Save roles. A save is confirmed by a toast and focus stays
// on Save roles; refusals (the last Admin, rights the administrator lacks) appear under the list.
import { useRef, useState } from "react";
import { RoleCheckboxes, type RoleChoice } from "@/components/admin/role-checkboxes";
import { Button } from "@/components/ui/button";
import { announce } from "@/components/ui/toaster";
import { setUserRolesAction } from "../../actions";

export function UserRolesForm({ userId, current, roles }: { userId: string; current: string[]; roles: RoleChoice[] }) {
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const firstRole = useRef<HTMLInputElement>(null);
  const dirty = [...value].sort().join() !== [...current].sort().join();

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(undefined);
    // Save stays enabled (a disabled button would drop the focus); with nothing changed it says so.
    if (!dirty) return announce("Nothing changed.", "These are the roles the user already holds.");
    setBusy(true);
    const result = await setUserRolesAction({ userId, roleIds: value });
    setBusy(false);
    if (result.ok) return announce("Roles saved.", "They take effect at the user's next request.");
    setError(result.fieldErrors?.roleIds?.[0] ?? result.message);
    firstRole.current?.focus();
  }

  return (
    <form onSubmit={save} className="mt-3 space-y-3">
      <RoleCheckboxes
        id="user-roles"
        legend="Roles this user holds"
        roles={roles}
        value={value}
        onChange={setValue}
        inputRef={firstRole}
        error={error}
      />
      <Button type="submit" variant="primary" busy={busy}>
        {busy ? "Saving…" : "Save roles"}
      </Button>
    </form>
  );
}
