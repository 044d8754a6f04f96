// The keys list, shared by the profile page and an administrator's view of a user. Shows
// everything about a key except its secret, which Keydesk does not have.
import type { ReactNode } from "react";
import { TableRegion } from "@/components/ui/table-region";
import { apiSetLabel } from "@/lib/keys/api-sets";
import type { DailyUsage } from "@/lib/keys/key-usage";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { KEY_STATUS_LABEL } from "@/lib/keys/status";
import { formatDate } from "../format";
import { cn } from "../ui/cn";
import { UsageChart } from "./usage-chart";

type Props = {
  keys: ApiKeyView[];
  caption: string;
  emptyText: string;
  actions?: (key: ApiKeyView) => ReactNode;
  /** Requests per day by key id; adds a small 30-day chart under each key's last use. */
  usage?: Record<string, DailyUsage[]>;
};

const STATUS_STYLE = {
  active: "bg-success-50 text-success-700",
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

export function KeysTable({ keys, caption, emptyText, actions, usage }: Props) {
  if (keys.length === 0) {
    return <p className="rounded-card border border-dashed border-line px-4 py-8 text-center text-sm text-ink-muted">{emptyText}</p>;
  }
  return (
    <TableRegion label={caption}>
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
                {key.name}
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
                  <span className="mt-1 block whitespace-normal text-xs text-warning-800">Old secret valid until expiry</span>
                ) : null}
                {key.status === "revoked" && key.revokedReason && key.revokedReason !== "revoked" ? (
                  <span className="mt-1 block text-xs">
                    {key.revokedReason === "regenerated" ? "Regenerated" : "Cleared by an administrator"}
                  </span>
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
