import type { Metadata } from "next";
import Link from "next/link";
import { ClearKeysButton } from "@/components/admin/clear-keys-button";
import { FilterForm, FilterInput, FilterRefused, FilterSelect, filterErrors } from "@/components/admin/filter-form";
import { Badge, PageHeader } from "@/components/admin/page-header";
import { formatDate, formatDateTime } from "@/components/format";
import { Pagination } from "@/components/pagination";
import { TableRegion } from "@/components/ui/table-region";
import { listApiAccess } from "@/lib/admin/list-api-access";
import { type ApiAccessFilters, apiAccessFiltersSchema, KEY_AGE_OPTIONS, LAST_USE_OPTIONS } from "@/lib/admin/schemas";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { firstParam, parsePage } from "@/lib/pagination";
import { listRoles } from "@/lib/roles/list-roles";
import { clearApiKeysAction } from "./actions";

export const metadata: Metadata = { title: "API management" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type FilterField = keyof ApiAccessFilters;

// GET /admin/api-access – who holds API access and working keys; Clear API keys per user.
export default async function ApiAccessPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageAuthority("/admin/api-access", ["keys:manage"]);
  const params = await searchParams;
  const raw = {
    role: firstParam(params.role)?.slice(0, 200),
    keyAge: firstParam(params.keyAge)?.slice(0, 200),
    lastUse: firstParam(params.lastUse)?.slice(0, 200),
    expiring: firstParam(params.expiring)?.slice(0, 200),
  };
  const parsed = apiAccessFiltersSchema.safeParse(raw);
  const errors = parsed.success ? {} : filterErrors<FilterField>(parsed.error);
  const page = parsePage(params.page);
  const [list, roles] = await Promise.all([parsed.success ? listApiAccess(actor, parsed.data, page) : null, listRoles()]);
  const filtered = Object.values(raw).some(Boolean);

  return (
    <div>
      <PageHeader
        title="API management"
        description="Users whose API access is on: their active keys, since when they hold them, and when and from where the keys were last used."
      />
      <FilterForm action="/admin/api-access" label="Filter users" filtered={filtered} columns="lg:grid-cols-5">
        <FilterSelect
          id="filter-role"
          name="role"
          label="Role"
          value={raw.role}
          options={roles.map((r) => ({ value: r.id, label: r.name }))}
          all="Any role"
          error={errors.role}
        />
        <FilterSelect
          id="filter-keyAge"
          name="keyAge"
          label="Key age"
          value={raw.keyAge}
          options={KEY_AGE_OPTIONS}
          all="Any age"
          error={errors.keyAge}
        />
        <FilterSelect
          id="filter-lastUse"
          name="lastUse"
          label="Last use"
          value={raw.lastUse}
          options={LAST_USE_OPTIONS}
          all="Any time"
          error={errors.lastUse}
        />
        <FilterInput
          id="filter-expiring"
          name="expiring"
          label="Expiring within (days)"
          type="number"
          min={1}
          max={365}
          inputMode="numeric"
          value={raw.expiring}
          error={errors.expiring}
        />
      </FilterForm>

      {list === null ? (
        <FilterRefused />
      ) : (
        <>
          <p role="status" className="mb-3 text-sm text-ink-muted">
            {list.total.toLocaleString("en-US")} {list.total === 1 ? "user" : "users"} with API access on
            {filtered ? " match these filters" : ""}.
          </p>
          {list.rows.length === 0 ? (
            <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">No users to show.</p>
          ) : (
            <TableRegion label="Users with API access">
              <table className="min-w-full divide-y divide-line-soft text-sm">
                <caption className="sr-only">Users with API access on, newest first</caption>
                <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
                  <tr>
                    {["User", "Roles", "Active keys", "Oldest active key", "Next expiry", "Last use"].map((h) => (
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
                        <span className="block text-xs font-normal text-ink-muted">{u.email}</span>
                      </th>
                      <td className="px-3 py-2">{u.roles.map((r) => r.name).join(", ") || <span className="text-ink-muted">None</span>}</td>
                      <td className="px-3 py-2 tabular-nums">{u.activeKeys}</td>
                      <td className="whitespace-nowrap px-3 py-2">{formatDate(u.oldestKeyCreatedAt)}</td>
                      <td className="whitespace-nowrap px-3 py-2">{formatDate(u.nextExpiresAt)}</td>
                      <td className="whitespace-nowrap px-3 py-2">
                        {u.lastUsedAt ? (
                          <>
                            {formatDateTime(u.lastUsedAt)}
                            {u.lastUsedIp ? <span className="block text-xs text-ink-muted">from {u.lastUsedIp}</span> : null}
                          </>
                        ) : (
                          "Never"
                        )}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2 text-right">
                        <ClearKeysButton
                          user={{ id: u.id, name: u.name, email: u.email }}
                          activeKeys={u.activeKeys}
                          apiAccess
                          clear={clearApiKeysAction}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pagination
            basePath="/admin/api-access"
            params={parsed.success ? raw : {}}
            page={list.page}
            pageCount={list.pageCount}
            label="API management pages"
          />
        </>
      )}
    </div>
  );
}
