"use client";
// Role choice for a user: one checkbox per role. Roles granting authorities the administrator
// does not hold cannot be ticked or unticked (the server refuses them too), and say why.
import type { Ref } from "react";
import { FieldGroup } from "@/components/ui/field";
import type { Authority } from "@/lib/auth/authorities";
import { authorityLabel } from "@/lib/roles/grant";

export type RoleChoice = { id: string; name: string; authorities: Authority[]; grantable: boolean };

type Props = {
  /** The group's id: its error is `${id}-error`. */
  id: string;
  roles: RoleChoice[];
  value: string[];
  onChange: (next: string[]) => void;
  legend: string;
  error?: string;
  /** Given to the first role that can be changed, to focus the group after a refusal. */
  inputRef?: Ref<HTMLInputElement>;
};

export function RoleCheckboxes({ id: groupId, roles, value, onChange, legend, error, inputRef }: Props) {
  const first = roles.find((r) => r.grantable)?.id;
  return (
    <FieldGroup id={groupId} legend={legend} error={error}>
      <ul className="mt-2 space-y-2">
        {roles.map((role) => {
          const id = `${groupId}-${role.id}`;
          const checked = value.includes(role.id);
          return (
            <li key={role.id} className="flex items-start gap-2 text-sm">
              <input
                id={id}
                ref={role.id === first ? inputRef : undefined}
                type="checkbox"
                className="mt-0.5"
                checked={checked}
                disabled={!role.grantable}
                aria-describedby={`${id}-desc`}
                onChange={(e) => onChange(e.target.checked ? [...value, role.id] : value.filter((v) => v !== role.id))}
              />
              <span>
                <label htmlFor={id} className="font-medium">
                  {role.name}
                </label>
                <span id={`${id}-desc`} className="block text-xs text-ink-muted">
                  {role.authorities.length ? role.authorities.map(authorityLabel).join(", ") : "No authorities"}
                  {role.grantable ? "" : " — includes rights you do not hold, so you cannot change it"}
                </span>
              </span>
            </li>
          );
        })}
      </ul>
    </FieldGroup>
  );
}
