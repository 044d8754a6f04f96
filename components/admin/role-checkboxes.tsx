"use client";
// Role choice for a user: one checkbox per role. Roles granting authorities the administrator
// does not hold cannot be ticked or unticked (the server refuses them too), and say why.
import { useId } from "react";
import type { Authority } from "@/lib/auth/authorities";
import { authorityLabel } from "@/lib/roles/grant";

export type RoleChoice = { id: string; name: string; authorities: Authority[]; grantable: boolean };

type Props = {
  roles: RoleChoice[];
  value: string[];
  onChange: (next: string[]) => void;
  legend: string;
  errorId?: string;
  error?: string;
};

export function RoleCheckboxes({ roles, value, onChange, legend, errorId, error }: Props) {
  const base = useId();
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      <ul className="mt-2 space-y-2">
        {roles.map((role) => {
          const id = `${base}-${role.id}`;
          const checked = value.includes(role.id);
          return (
            <li key={role.id} className="flex items-start gap-2 text-sm">
              <input
                id={id}
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
      {error ? (
        <p id={errorId} className="mt-1 text-sm text-danger-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
