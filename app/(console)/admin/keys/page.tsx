import type { Metadata } from "next";
import Link from "next/link";
import { FilterForm, FilterInput, FilterRefused, FilterSelect, filterErrors } from "@/components/admin/filter-form";
import { PageHeader } from "@/components/admin/page-header";
import { formatDate, formatDateTime } from "@/components/format";
import { Pagination } from "@/components/pagination";
import { buttonClass } from "@/components/ui/button";
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
  const errors = parsed.success ? {} : filterErrors<FilterField>(parsed.error);
  const list = parsed.success ? await listAllKeys(actor, parsed.data, parsePage(params.page)) : null;
  const filtered = Object.values(raw).some(Boolean);
  const query = new URLSearchParams(Object.entries(raw).filter((e): e is [string, string] => Boolean(e[1]))).toString();

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
      <FilterForm action="/admin/keys" label="Filter keys" filtered={filtered} columns="lg:grid-cols-4">
        <FilterSelect
          id="filter-status"
          name="status"
          label="Status"
          value={raw.status}
          options={KEY_STATUS_OPTIONS}
          all="Any status"
          error={errors.status}
        />
        <FilterInput id="filter-owner" name="owner" label="Owner email" type="email" value={raw.owner} error={errors.owner} />
        <FilterSelect
          id="filter-apiSet"
          name="apiSet"
          label="API set"
          value={raw.apiSet}
          options={API_SETS.map((s) => ({ value: s.code, label: s.label }))}
          all="Any API set"
          error={errors.apiSet}
        />
      </FilterForm>

      {list === null ? (
        <FilterRefused />
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
