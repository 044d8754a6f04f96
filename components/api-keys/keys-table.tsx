"use client";
// The keys list, shared by the profile page and an administrator's view of a user. Shows
// everything about a key except its secret, which Keydesk does not have. Keys that hold or
// had a place (active, inactive, and replaced ones in their grace period) are listed; revoked and expired ones are one click
// away, so they do not pile up.
import Link from "next/link";
import { type ReactNode, useId, useState } from "react";
import { TableRegion } from "@/components/ui/table-region";
import { apiSetLabel } from "@/lib/keys/api-sets";
import type { DailyUsage } from "@/lib/keys/key-usage";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { KEY_STATUS_LABEL } from "@/lib/keys/status";
import { formatDate, formatDateTime, timeLeft } from "../format";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { UsageChart } from "./usage-chart";

type Props = {
  keys: ApiKeyView[];
  caption: string;
  emptyText: string;
  actions?: (key: ApiKeyView) => ReactNode;
  /** Links each key's name to its own page (the owner's list). */
  keyHref?: (key: ApiKeyView) => string;
  /** Requests per day by key id; adds a small 30-day chart under each key's last use. */
  usage?: Record<string, DailyUsage[]>;
  /** The server's time when the page was rendered (ISO), for the time left of a grace period. */
  now: string;
};

const STATUS_STYLE = {
  active: "bg-success-50 text-success-700",
  inactive: "bg-surface-sunken text-ink",
  replaced: "bg-warning-50 text-warning-800",
  expired: "bg-surface-sunken text-ink-soft",
  revoked: "bg-danger-50 text-danger-700",
} as const;

/** Date on one line, time (UTC) below: keeps the wide table readable without scrolling. */
function Stamp({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {formatDate(iso)}
      <span className="block text-xs text-ink-muted">{iso.slice(11, 16)} UTC</span>
    </time>
  );
}

const cell = "px-2.5 py-2 align-top";

export function KeysTable({ keys, caption, emptyText, actions, usage, keyHref, now }: Props) {
  const [showAll, setShowAll] = useState(false);
  const tableId = useId();
  if (keys.length === 0) {
    return <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">{emptyText}</p>;
  }
  const ended = keys.filter((k) => k.status === "revoked" || k.status === "expired").length;
  const shown = showAll ? keys : keys.filter((k) => k.status === "active" || k.status === "inactive" || k.status === "replaced");
  return (
    <div className="space-y-2">
      {ended > 0 ? (
        <div className="flex justify-end">
          <Button size="sm" variant="ghost" aria-controls={tableId} onClick={() => setShowAll((v) => !v)}>
            {showAll ? `Hide revoked and expired (${ended})` : `Show revoked and expired (${ended})`}
          </Button>
        </div>
      ) : null}
      {shown.length === 0 ? (
        <p id={tableId} className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">
          No active keys.
        </p>
      ) : (
        <Table id={tableId} keys={shown} caption={caption} actions={actions} usage={usage} keyHref={keyHref} now={now} />
      )}
    </div>
  );
}

function Table({ id, keys, caption, actions, usage, keyHref, now }: Omit<Props, "emptyText"> & { id: string }) {
  return (
    <TableRegion label={caption} id={id}>
      <table className="min-w-full divide-y divide-line-soft text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
          <tr>
            {["Name", "Description", "Client ID", "Secret", "API sets", "Created at", "Expires at", "Last used", "Status"].map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-2.5 py-2">
                {h}
              </th>
            ))}
            {actions ? (
              <th scope="col" className="px-2.5 py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-line-soft">
          {keys.map((key) => (
            <tr key={key.id} data-client-id={key.clientId} className={cn(key.status !== "active" && "text-ink-muted")}>
              <th scope="row" className={cn(cell, "min-w-28 max-w-48 break-words text-left font-medium text-ink")}>
                {keyHref ? (
                  <Link href={keyHref(key)} className="text-brand-700 underline-offset-2 hover:underline">
                    {key.name}
                  </Link>
                ) : (
                  key.name
                )}
              </th>
              <td className={cn(cell, "min-w-24 max-w-48 break-words text-xs")}>{key.description || "-"}</td>
              <td className={cn(cell, "font-mono text-xs")}>{key.clientId}</td>
              <td className={cn(cell, "whitespace-nowrap font-mono text-xs")} aria-label={`Secret ending in ${key.secretHint}`}>
                …{key.secretHint}
              </td>
              <td className={cell}>
                <ul className="flex min-w-28 max-w-44 flex-wrap gap-1">
                  {key.apiSets.map((s) => (
                    <li key={s} className="rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-800">
                      {apiSetLabel(s)}
                    </li>
                  ))}
                </ul>
              </td>
              <td className={cell}>
                <Stamp iso={key.createdAt} />
              </td>
              <td className={cell}>
                <Stamp iso={key.expiresAt} />
              </td>
              <td className={cell}>
                {key.lastUsedAt ? (
                  <>
                    <Stamp iso={key.lastUsedAt} />
                    {key.lastUsedIp ? <span className="block text-xs text-ink-muted">from {key.lastUsedIp}</span> : null}
                  </>
                ) : (
                  "Never"
                )}
                {usage?.[key.id] ? (
                  <span className="mt-1 block" data-usage-chart>
                    <UsageChart days={usage[key.id]} />
                  </span>
                ) : null}
              </td>
              <td className={cn(cell, "whitespace-nowrap")}>
                <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATUS_STYLE[key.status])}>
                  {KEY_STATUS_LABEL[key.status]}
                </span>
                {key.status === "replaced" ? (
                  <span className="mt-1 block text-xs text-warning-800">
                    works until {formatDateTime(key.expiresAt)}
                    <span className="block">({timeLeft(key.expiresAt, now)})</span>
                  </span>
                ) : null}
                {key.status === "revoked" && key.revokedReason && key.revokedReason !== "revoked" ? (
                  <span className="mt-1 block text-xs">{REVOKED_REASON_LABELS[key.revokedReason] ?? "Cleared by an administrator"}</span>
                ) : null}
              </td>
              {actions ? <td className={cn(cell, "text-right")}>{actions(key)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

const REVOKED_REASON_LABELS: Record<string, string> = {
  regenerated: "Regenerated",
  cleared: "Cleared by an administrator",
  leaked: "Reported as leaked",
  unused: "Unused for too long",
};
