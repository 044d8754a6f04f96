import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { UsageDetailChart } from "@/components/api-keys/usage-detail-chart";
import { formatDateTime } from "@/components/format";
import { TableRegion } from "@/components/ui/table-region";
import { hasAuthority } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";
import { apiSetLabel } from "@/lib/keys/api-sets";
import { keyUsageDetail, recentKeyRefusals } from "@/lib/keys/key-usage";
import { findOwnKey } from "@/lib/keys/list-api-keys";
import { KEY_STATUS_LABEL } from "@/lib/keys/status";
import { KeyControls } from "../_components/key-controls";

export const metadata: Metadata = { title: "API key" };

const USAGE_DAYS = 30;

// GET /profile/api-keys/[clientId] – one of your keys: its details, last use and 30-day usage.
export default async function ApiKeyPage({ params }: { params: Promise<{ clientId: string }> }) {
  const { clientId } = await params;
  const actor = await requireActor(`/profile/api-keys/${encodeURIComponent(clientId)}`);
  if (!hasAuthority(actor, "keys:use")) notFound();
  const now = new Date();
  // Scoped to the signed-in owner: someone else's client id is simply not found.
  const key = await findOwnKey(actor.id, clientId.slice(0, 100), now);
  if (!key) notFound();
  const [usage, refusals] = await Promise.all([keyUsageDetail(key.id, USAGE_DAYS, now), recentKeyRefusals(actor.id, key.id)]);

  const facts: [string, React.ReactNode][] = [
    ["Status", KEY_STATUS_LABEL[key.status]],
    ["Description", key.description || "-"],
    [
      "Client ID",
      <span key="id" className="break-all font-mono text-xs">
        {key.clientId}
      </span>,
    ],
    [
      "Secret key",
      <span key="hint" className="font-mono text-xs">
        …{key.secretHint}
      </span>,
    ],
    ["API sets", key.apiSets.map(apiSetLabel).join(", ")],
    [
      "IP allowlist",
      key.ipAllowlist.length > 0 ? (
        <ul key="ips" className="font-mono text-xs">
          {key.ipAllowlist.map((entry) => (
            <li key={entry}>{entry}</li>
          ))}
        </ul>
      ) : (
        "Any address"
      ),
    ],
    ["Created at", formatDateTime(key.createdAt)],
    ["Expires at", formatDateTime(key.expiresAt)],
    ["Rate limit", key.rateLimit ? `${key.rateLimit.requests.toLocaleString("en-US")} requests per ${key.rateLimit.per}` : "None"],
    ...(key.revokedAt ? ([["Revoked at", formatDateTime(key.revokedAt)]] as [string, string][]) : []),
    ...(key.deactivatedAt && key.status === "inactive"
      ? ([["Deactivated at", formatDateTime(key.deactivatedAt)]] as [string, string][])
      : []),
    ...(key.revokedReason === "leaked"
      ? ([["Revoked because", `Reported as leaked${key.leakUrl ? ` at ${key.leakUrl}` : ""}`]] as [string, string][])
      : []),
    ["Last used", key.lastUsedAt ? `${formatDateTime(key.lastUsedAt)}${key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}` : "Never"],
  ];

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/profile/api-keys" className="text-brand-700 underline-offset-2 hover:underline">
            ← Your API keys
          </Link>
        </p>
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <h2 className="break-words text-xl font-semibold tracking-tight">{key.name}</h2>
          <KeyControls apiKey={key} />
        </div>
      </div>
      <section aria-labelledby="key-details-title" className="rounded-card border border-line-soft bg-surface p-5 sm:p-6">
        <h3 id="key-details-title" className="text-base font-semibold">
          Details
        </h3>
        <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
          {facts.map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="font-medium text-ink-muted">{term}</dt>
              <dd className="min-w-0">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="key-usage-title" className="rounded-card border border-line-soft bg-surface p-5 sm:p-6">
        <h3 id="key-usage-title" className="text-base font-semibold">
          Requests in the last {USAGE_DAYS} days
        </h3>
        <div className="mt-4">
          <UsageDetailChart days={usage.days} totals={usage.totals} />
        </div>
        {usage.byOutcome.length > 0 ? (
          <div className="mt-4">
            <h4 className="text-sm font-medium">By answer</h4>
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm text-ink-soft">
              {usage.byOutcome.map((o) => (
                <li key={o.outcome}>
                  <code className="font-mono text-xs">{o.outcome}</code>:{" "}
                  <span className="tabular-nums">{o.count.toLocaleString("en-US")}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="key-refusals-title" className="space-y-3">
        <div>
          <h3 id="key-refusals-title" className="text-base font-semibold">
            Refused requests
          </h3>
          <p className="text-sm text-ink-muted">
            The last {refusals.length === 100 ? "100" : "up to 100"} requests refused for this key, newest first: a forgotten client still
            calling with it shows up here. Written every few seconds.
          </p>
        </div>
        {refusals.length === 0 ? (
          <p className="text-sm text-ink-soft">No refused requests.</p>
        ) : (
          <TableRegion label="Refused requests, newest first">
            <table className="min-w-full divide-y divide-line-soft text-sm">
              <caption className="sr-only">Refused requests, newest first</caption>
              <thead className="bg-surface-sunken text-left text-xs font-semibold uppercase tracking-wide text-ink-muted">
                <tr>
                  {["Time", "IP address", "Code", "Endpoint"].map((h) => (
                    <th key={h} scope="col" className="whitespace-nowrap px-2.5 py-2">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-line-soft">
                {refusals.map((r) => (
                  <tr key={r.id}>
                    <td className="whitespace-nowrap px-2.5 py-2">{formatDateTime(r.at)}</td>
                    <td className="whitespace-nowrap px-2.5 py-2 font-mono text-xs">{r.ip ?? "unknown"}</td>
                    <td className="whitespace-nowrap px-2.5 py-2">
                      <code className="font-mono text-xs">{r.code}</code>
                    </td>
                    <td className="break-all px-2.5 py-2 font-mono text-xs">{r.endpoint}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
    </div>
  );
}
