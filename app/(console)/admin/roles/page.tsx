import type { Metadata } from "next";
import { Badge, PageHeader } from "@/components/admin/page-header";
import { TableRegion } from "@/components/ui/table-region";
import { AUTHORITIES } from "@/lib/auth/authorities";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { authorityLabel, canGrant } from "@/lib/roles/grant";
import { listRoles } from "@/lib/roles/list-roles";
import { CreateRoleButton, RoleRowActions } from "./_components/role-dialogs";

export const metadata: Metadata = { title: "Roles" };

// GET /admin/roles – roles and their authorities; create, rename, change and delete custom roles.
export default async function RolesPage() {
  const actor = await requirePageAuthority("/admin/roles", ["roles:manage"]);
  const roles = await listRoles();
  const authorities = AUTHORITIES.map((a) => ({
    code: a.code,
    label: a.label,
    description: a.description,
    held: actor.authorities.has(a.code),
  }));
  return (
    <div>
      <PageHeader
        title="Roles"
        description="A role is a set of authorities; a user may hold several roles. Admin and Member are built in."
        action={<CreateRoleButton authorities={authorities} />}
      />
      <TableRegion label="Roles">
        <table className="min-w-full divide-y divide-line-soft text-sm">
          <caption className="sr-only">Roles</caption>
          <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
            <tr>
              {["Role", "Authorities", "Users"].map((h) => (
                <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                  {h}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line-soft">
            {roles.map((role) => (
              <tr key={role.id} data-role-id={role.id}>
                <th scope="row" className="px-3 py-2 text-left align-top font-medium">
                  {role.name} {role.builtIn ? <Badge tone="brand">Built-in</Badge> : null}
                  {role.description ? <span className="block text-xs font-normal text-ink-muted">{role.description}</span> : null}
                </th>
                <td className="px-3 py-2 align-top">
                  {role.authorities.length ? (
                    <ul className="flex flex-wrap gap-1">
                      {role.authorities.map((a) => (
                        <li key={a} className="rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">
                          {authorityLabel(a)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-ink-muted">None</span>
                  )}
                </td>
                <td className="px-3 py-2 align-top tabular-nums">{role.userCount.toLocaleString("en-US")}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right align-top">
                  {role.builtIn ? (
                    <span className="text-xs text-ink-muted">Cannot be changed</span>
                  ) : canGrant(actor, { id: role.id, authorities: role.authorities.join(" ") }) ? (
                    <RoleRowActions role={role} authorities={authorities} />
                  ) : (
                    <span className="text-xs text-ink-muted">Grants rights you do not hold</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </div>
  );
}
