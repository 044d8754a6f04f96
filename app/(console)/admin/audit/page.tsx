import type { Metadata } from "next";
import { FilterForm, FilterInput, FilterRefused, FilterSelect, filterErrors } from "@/components/admin/filter-form";
import { PageHeader } from "@/components/admin/page-header";
import { AuditTable } from "@/components/audit/audit-table";
import { Pagination } from "@/components/pagination";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from "@/lib/audit/labels";
import { listAuditEvents } from "@/lib/audit/list-audit";
import { auditFiltersSchema } from "@/lib/audit/schemas";
import { requirePageAuthority } from "@/lib/auth/page-guard";
import { firstParam, parsePage } from "@/lib/pagination";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const FIELDS = ["actor", "target", "action", "from", "to"] as const;
type FieldName = (typeof FIELDS)[number];
const ISO_DATE_INPUT = { type: "text", placeholder: "2026-01-31", maxLength: 10, autoComplete: "off", spellCheck: false } as const;

// GET /admin/audit – every audit event, filterable by actor, target, action and date.
export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageAuthority("/admin/audit", ["audit:view"]);
  const params = await searchParams;
  const raw = Object.fromEntries(FIELDS.map((f) => [f, firstParam(params[f])?.slice(0, 300)])) as Record<FieldName, string | undefined>;
  const parsed = auditFiltersSchema.safeParse(raw);
  const page = parsePage(params.page);
  const list = parsed.success ? await listAuditEvents(actor, parsed.data, page) : null;
  const errors: Partial<Record<FieldName, string>> = parsed.success ? (list?.fieldErrors ?? {}) : filterErrors<FieldName>(parsed.error);
  const filtered = Object.values(raw).some(Boolean);

  return (
    <div>
      <PageHeader
        title="Audit log"
        description="Every sign-in, key, user, role and settings event: who did what, to whom, when and from where."
      />
      <FilterForm action="/admin/audit" label="Filter audit events" filtered={filtered} columns="lg:grid-cols-6">
        <FilterInput
          id="audit-actor"
          name="actor"
          label="Actor (email)"
          type="text"
          maxLength={254}
          autoComplete="off"
          value={raw.actor}
          error={errors.actor}
        />
        <FilterInput
          id="audit-target"
          name="target"
          label="Target user (email)"
          type="text"
          maxLength={254}
          autoComplete="off"
          value={raw.target}
          error={errors.target}
        />
        <FilterSelect
          id="audit-action"
          name="action"
          label="Action"
          value={raw.action}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
          all="Any action"
          error={errors.action}
        />
        {/* Typed as ISO dates like every date in the console (a date picker shows the browser's locale, e.g. mm/dd/yyyy). */}
        <FilterInput id="audit-from" name="from" label="From (UTC, yyyy-mm-dd)" {...ISO_DATE_INPUT} value={raw.from} error={errors.from} />
        <FilterInput id="audit-to" name="to" label="To (UTC, yyyy-mm-dd)" {...ISO_DATE_INPUT} value={raw.to} error={errors.to} />
      </FilterForm>
      {list === null || Object.keys(errors).length > 0 ? (
        <FilterRefused what="events" />
      ) : (
        <>
          <p role="status" className="mb-3 text-sm text-ink-muted">
            {list.total.toLocaleString("en-US")}
            {list.capped ? "+" : ""} {list.total === 1 ? "event" : "events"}
            {filtered ? " match these filters" : ""}, newest first.
          </p>
          <AuditTable rows={list.rows} caption="Audit events, newest first" emptyText="No events to show." linkPeople />
          <Pagination
            basePath="/admin/audit"
            params={Object.fromEntries(FIELDS.map((f) => [f, raw[f]]))}
            page={list.page}
            pageCount={list.pageCount}
            open={list.capped}
            label="Audit log pages"
          />
        </>
      )}
    </div>
  );
}
