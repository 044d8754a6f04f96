import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { PageHeader } from "@/components/admin/page-header";
import { AuditTable } from "@/components/audit/audit-table";
import { Pagination } from "@/components/pagination";
import { buttonClass } from "@/components/ui/button";
import { describedBy, inputClass } from "@/components/ui/field";
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
  const errors: Partial<Record<FieldName, string>> = parsed.success
    ? (list?.fieldErrors ?? {})
    : Object.fromEntries(Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => [k, (v as string[] | undefined)?.[0]]));
  const filtered = Object.values(raw).some(Boolean);

  const input = (name: FieldName, label: string, props: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div>
      <label htmlFor={`audit-${name}`} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={`audit-${name}`}
        name={name}
        defaultValue={raw[name] ?? ""}
        className={inputClass}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={describedBy(`audit-${name}`, { error: errors[name] })}
        {...props}
      />
      {errors[name] ? (
        <p id={`audit-${name}-error`} className="text-sm text-danger-700">
          {errors[name]}
        </p>
      ) : null}
    </div>
  );

  return (
    <div>
      <PageHeader
        title="Audit log"
        description="Every sign-in, key, user, role and settings event: who did what, to whom, when and from where."
      />
      <form
        method="get"
        action="/admin/audit"
        aria-label="Filter audit events"
        className="mb-4 grid gap-3 rounded-card border border-line-soft bg-surface p-4 sm:grid-cols-2 lg:grid-cols-6 lg:items-end"
      >
        {input("actor", "Actor (email)", { type: "text", maxLength: 254, autoComplete: "off" })}
        {input("target", "Target user (email)", { type: "text", maxLength: 254, autoComplete: "off" })}
        <div>
          <label htmlFor="audit-action" className="block text-sm font-medium">
            Action
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={raw.action ?? ""}
            className={inputClass}
            aria-invalid={errors.action ? true : undefined}
            aria-describedby={describedBy("audit-action", { error: errors.action })}
          >
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
          {errors.action ? (
            <p id="audit-action-error" className="text-sm text-danger-700">
              {errors.action}
            </p>
          ) : null}
        </div>
        {/* Typed as ISO dates like every date in the console (a date picker shows the browser's locale, e.g. mm/dd/yyyy). */}
        {input("from", "From (UTC, yyyy-mm-dd)", ISO_DATE_INPUT)}
        {input("to", "To (UTC, yyyy-mm-dd)", ISO_DATE_INPUT)}
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("secondary")}>
            Apply filters
          </button>
          {filtered ? (
            <Link href="/admin/audit" className={buttonClass("ghost")}>
              Reset
            </Link>
          ) : null}
        </div>
      </form>
      {list === null || Object.keys(errors).length > 0 ? (
        <p role="alert" className="rounded-card border border-danger-600 bg-danger-50 px-4 py-3 text-sm text-danger-700">
          Fix the highlighted filters to see events.
        </p>
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
