"use client";
// Roles of one user: tick the roles, Save roles. Refusals (the last Admin, rights the
// administrator lacks) appear under the list.
import { useState } from "react";
import { RoleCheckboxes, type RoleChoice } from "@/components/admin/role-checkboxes";
import { Button } from "@/components/ui/button";
import { setUserRolesAction } from "../../actions";

export function UserRolesForm({ userId, current, roles }: { userId: string; current: string[]; roles: RoleChoice[] }) {
  const [value, setValue] = useState(current);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dirty = [...value].sort().join() !== [...current].sort().join();

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setStatus(undefined);
    const result = await setUserRolesAction({ userId, roleIds: value });
    setBusy(false);
    if (result.ok) setStatus("Roles saved.");
    else setError(result.fieldErrors?.roleIds?.[0] ?? result.message);
  }

  return (
    <form onSubmit={save} className="mt-3 space-y-3">
      <RoleCheckboxes
        legend="Roles this user holds"
        roles={roles}
        value={value}
        onChange={setValue}
        errorId="user-roles-error"
        error={error}
      />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={busy || !dirty}>
          {busy ? "Saving…" : "Save roles"}
        </Button>
        <span role="status" aria-live="polite" className="text-sm text-success-700">
          {status}
        </span>
      </div>
    </form>
  );
}
