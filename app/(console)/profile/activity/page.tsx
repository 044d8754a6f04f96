import type { Metadata } from "next";
import { AuditTable } from "@/components/audit/audit-table";
import { Pagination } from "@/components/pagination";
import { listOwnAuditEvents } from "@/lib/audit/list-audit";
import { requireActor } from "@/lib/auth/session";
import { parsePage } from "@/lib/pagination";

export const metadata: Metadata = { title: "Activity" };

// GET /profile/activity – the signed-in user's own audit events: sign-ins, keys, and what
// administrators did to their account.
export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor("/profile/activity");
  const list = await listOwnAuditEvents(actor, parsePage((await searchParams).page));
  return (
    <section aria-labelledby="activity-title" className="space-y-3">
      <div>
        <h2 id="activity-title" className="text-base font-semibold">
          Activity
        </h2>
        <p className="text-sm text-ink-muted">Everything recorded about your account, newest first.</p>
      </div>
      <AuditTable
        rows={list.rows}
        caption="Your account's activity, newest first"
        emptyText="Nothing has been recorded yet."
        selfId={actor.id}
      />
      <Pagination
        basePath="/profile/activity"
        params={{}}
        page={list.page}
        pageCount={list.pageCount}
        open={list.capped}
        label="Activity pages"
      />
    </section>
  );
}
