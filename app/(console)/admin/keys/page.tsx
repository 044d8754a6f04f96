import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PageHeader } from "@/components/admin/page-header";
import { formatDate, formatDateTime } from "@/components/format";
import { Pagination } from "@/components/pagination";
import { buttonClass } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
import { TableRegion } from "@/components/ui/table-region";
import { type AllKeysFilters, allKeysFiltersSchema, KEY_STATUS_OPTIONS, listAllKeys } from "@/lib/admin/all-keys";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { API_SETS, apiSetLabel } from "@/lib/keys/api-sets";
import { KEY_STATUS_LABEL } from "@/lib/keys/status";
import { firstParam, parsePage } from "@/lib/pagination";

export const metadata: Metadata = { title: "All keys" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
type FilterField = keyof AllKeysFilters;

// GET /admin/keys – the credential report: every key of every user, filterable, exportable as CSV.
export default async function AllKeysPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageAuthority("/admin/keys", ["keys:manage"]);
  const params = await searchParams;
  const raw = {
    status: firstParam(params.status)?.slice(0, 200),
    owner: firstParam(params.owner)?.slice(0, 320),
    apiSet: firstParam(params.apiSet)?.slice(0, 200),
  };
  const parsed = allKeysFiltersSchema.safeParse(raw);
  const errors: Partial<Record<FilterField, string>> = parsed.success
    ? {}
    : Object.fromEntries(Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => [k, (v as string[] | undefined)?.[0]]));
  const list = parsed.success ? await listAllKeys(actor, parsed.data, parsePage(params.page)) : null;
  const filtered = Object.values(raw).some(Boolean);
  const query = new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => Boolean(e[1]))).toString();

  const error = (name: FilterField) =>
    errors[name] ? (
      <p id={`filter-${name}-error`} className="text-sm text-danger-700">
        {errors[name]}
      </p>
    ) : null;
  const select = (name: "status" | "apiSet", label: string, options: readonly { value: string; label: string }[], all: string) => (
    <div>
      <label htmlFor={`filter-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={raw[name] ?? ""}
        className={inputClass}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(`filter-${name}`, { error: errors[name] })}
      >
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error(name)}
    </div>
  );

  return (
    <div>
      <PageHeader
        title="All keys"
        description="Every API key of every user, with its owner, API sets, dates, last use and status. Secrets are never stored, so never shown."
        action={
          list ? (
            <a href={`/admin/keys/export${query ? `?${query}` : ""}`} className={buttonClass("secondary")} download>
              Export CSV
            </a>
          ) : null
        }
      />
      <form
        method="get"
        action="/admin/keys"
        aria-label="Filter keys"
        className="mb-4 grid gap-3 rounded-card border border-line-soft bg-surface p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
      >
        {select("status", "Status", KEY_STATUS_OPTIONS, "Any status")}
        <div>
          <label htmlFor="filter-owner" className="block text-sm font-medium">
            Owner email
          </label>
          <input
            id="filter-owner"
            name="owner"
            type="email"
            defaultValue={raw.owner ?? ""}
            className={inputClass}
            aria-invalid={errors.owner ? true : undefined}
            aria-describedby={describedBy("filter-owner", { error: errors.owner })}
          />
          {error("owner")}
        </div>
        {select(
          "apiSet",
          "API set",
          API_SETS.map((s) => ({ value: s.code, label: s.label })),
          "Any API set",
        )}
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("secondary")}>
            Apply filters
          </button>
          {filtered ? (
            <Link href="/admin/keys" className={buttonClass("ghost")}>
              Reset
            </Link>
          ) : null}
        </div>
      </form>

      {list === null ? (
        <p role="alert" className="rounded-card border border-danger-600 bg-danger-50 px-4 py-3 text-sm text-danger-700">
          Fix the highlighted filters to see the list.
        </p>
      ) : (
        <>
          <p role="status" className="mb-3 text-sm text-ink-muted">
            {list.total.toLocaleString("en-US")}
            {list.capped ? "+" : ""} {list.total === 1 ? "key" : "keys"}
            {filtered ? " match these filters" : ""}.
          </p>
          {list.rows.length === 0 ? (
            <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">No keys to show.</p>
          ) : (
            <TableRegion label="All keys">
              <table className="min-w-full divide-y divide-line-soft text-sm">
                <caption className="sr-only">All API keys, newest first</caption>
                <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
                  <tr>
                    {["Key", "Owner", "Client ID", "API sets", "Created", "Expires", "Last used", "Status"].map((h) => (
                      <th key={h} scope="col" className="whitespace-nowrap px-3 py-2">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-line-soft">
                  {list.rows.map((k) => (
                    <tr key={k.id}>
                      <th scope="row" className="px-3 py-2 text-left font-medium">
                        {k.name}
                      </th>
                      <td className="px-3 py-2">
                        <Link href={`/admin/users/${k.owner.id}`} className="text-brand-700 underline-offset-2 hover:underline">
                          {k.owner.name}
                        </Link>
                        <span className="block text-xs text-ink-muted">{k.owner.email}</span>
                      </td>
                      <td className="px-3 py-2 font-mono text-xs">{k.clientId}</td>
                      <td className="px-3 py-2">{k.apiSets.map(apiSetLabel).join(", ")}</td>
                      <td className="whitespace-nowrap px-3 py-2">{formatDate(k.createdAt.toISOString())}</td>
                      <td className="whitespace-nowrap px-3 py-2">{formatDate(k.expiresAt.toISOString())}</td>
                      <td className="whitespace-nowrap px-3 py-2">
                        {k.lastUsedAt ? (
                          <>
                            {formatDateTime(k.lastUsedAt.toISOString())}
                            {k.lastUsedIp ? <span className="block text-xs text-ink-muted">from {k.lastUsedIp}</span> : null}
                          </>
                        ) : (
                          "Never"
                        )}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2">{KEY_STATUS_LABEL[k.status]}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pagination
            basePath="/admin/keys"
            params={parsed.success ? raw : {}}
            page={list.page}
            pageCount={list.pageCount}
            label="All keys pages"
          />
        </>
      )}
    </div>
  );
}
