import type { Metadata } from "next";
import Link from "next/link";
import { Badge, PageHeader } from "@/components/admin/page-header";
import { formatDateTime } from "@/components/format";
import { Pagination } from "@/components/pagination";
import { buttonClass } from "@/components/ui/button";
import { inputClass } from "@/components/ui/field";
import { TableRegion } from "@/components/ui/table-region";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { firstParam, parsePage } from "@/lib/pagination";
import { canGrant } from "@/lib/roles/grant";
import { roleOptions } from "@/lib/roles/list-roles";
import { listUsers } from "@/lib/users/list-users";
import { SEARCH_MAX } from "@/lib/users/search-users";
import { CreateUserButton } from "./_components/create-user-dialog";

export const metadata: Metadata = { title: "Users" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// GET /admin/users – search and page through users; Create user.
export default async function UsersPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageAuthority("/admin/users", ["users:manage"]);
  const params = await searchParams;
  const rawQuery = (firstParam(params.q) ?? "").slice(0, SEARCH_MAX);
  const [list, roles] = await Promise.all([listUsers(actor, { q: rawQuery, page: parsePage(params.page) }), roleOptions()]);
  const summary = list.q
    ? `${list.total.toLocaleString("en-US")} ${list.total === 1 ? "user matches" : "users match"} “${rawQuery.trim()}”.`
    : `${list.total.toLocaleString("en-US")} ${list.total === 1 ? "user" : "users"}, newest first.`;

  return (
    <div>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to Keydesk: their roles, API access and keys."
        action={
          <CreateUserButton
            roles={roles.map((r) => ({ ...r, grantable: canGrant(actor, { id: r.id, authorities: r.authorities.join(" ") }) }))}
          />
        }
      />
      {/* biome-ignore lint/a11y/useSemanticElements: the <search> element is not in every supported browser yet. */}
      <form role="search" method="get" action="/admin/users" className="mb-4 flex flex-wrap items-end gap-2">
        <div className="min-w-64 flex-1">
          <label htmlFor="user-search" className="block text-sm font-medium">
            Search users
          </label>
          <input
            id="user-search"
            name="q"
            type="search"
            defaultValue={rawQuery}
            maxLength={SEARCH_MAX}
            placeholder="Part of a name or email"
            className={inputClass}
            aria-describedby="user-search-summary"
          />
        </div>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
        {list.q ? (
          <Link href="/admin/users" className={buttonClass("ghost")}>
            Clear search
          </Link>
        ) : null}
      </form>
      <p id="user-search-summary" role="status" className="mb-3 text-sm text-ink-muted">
        {summary}
      </p>

      {list.rows.length === 0 ? (
        <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">
          {list.page > 1 && list.total > 0 ? (
            <>
              There is no page {list.page}.{" "}
              <Link href="/admin/users" className="text-brand-700 underline">
                Go to the first page
              </Link>
              .
            </>
          ) : list.q ? (
            "No user matches this search."
          ) : (
            "There are no users."
          )}
        </p>
      ) : (
        <TableRegion label="Users">
          <table className="min-w-full divide-y divide-line-soft text-sm">
            <caption className="sr-only">Users, newest first</caption>
            <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
              <tr>
                {["Name", "Email", "Roles", "API access", "Active keys", "Last sign-in"].map((h) => (
                  <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-line-soft">
              {list.rows.map((u) => (
                <tr key={u.id} data-user-id={u.id}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={`/admin/users/${u.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                      {u.name}
                    </Link>
                    {u.disabled ? (
                      <span className="ml-2">
                        <Badge tone="danger">Disabled</Badge>
                      </span>
                    ) : null}
                  </th>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.roles.map((r) => r.name).join(", ") || <span className="text-ink-muted">None</span>}</td>
                  <td className="px-3 py-2">{u.apiAccess ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}</td>
                  <td className="px-3 py-2 tabular-nums">{u.activeKeys}</td>
                  <td className="whitespace-nowrap px-3 py-2">{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "Never"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <Pagination
        basePath="/admin/users"
        params={{ q: list.q ? rawQuery.trim() : undefined }}
        page={list.page}
        pageCount={list.pageCount}
        label="Users pages"
      />
    </div>
  );
}
