"use client";
import Link from "next/link";
import { useRef, useState } from "react";
import { KeysTable } from "@/components/api-keys/keys-table";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
// The API keys tab: endpoint, access switch, issuing, the list with Regenerate and Revoke, and
// the one-time reveal of a new secret.
import { announce } from "@/components/ui/toaster";
import { useAbsoluteEndpoint } from "@/components/use-absolute-endpoint";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";
import type { DailyUsage } from "@/lib/keys/key-usage";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { issueBlockedReason } from "../issue-reason";
import { ApiAccessCard } from "./api-access-card";
import type { ApiSetOption } from "./api-set-picker";
import { EndGraceDialog, RegenerateDialog, RevokeDialog, SetActiveDialog } from "./confirm-dialogs";
import { type ExpirySettings, IssueKeyDialog } from "./issue-key-dialog";
import { RevealDialog } from "./reveal-dialog";

type Props = {
  keys: ApiKeyView[];
  endpoint: string;
  apiAccess: boolean;
  quota: { active: number; max: number };
  expiry: ExpirySettings;
  rateLimitHint?: string;
  apiSets: ApiSetOption[];
  usage: Record<string, DailyUsage[]>;
  now: string;
};

export function ApiKeysPanel({ keys, endpoint: configured, apiAccess, quota, expiry, rateLimitHint, apiSets, usage, now }: Props) {
  const endpoint = useAbsoluteEndpoint(configured);
  const [issuing, setIssuing] = useState(false);
  const [reveal, setReveal] = useState<{ issued: IssuedApiKey; regenerated: boolean } | null>(null);
  const [regenerating, setRegenerating] = useState<ApiKeyView | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyView | null>(null);
  const [endingGrace, setEndingGrace] = useState<ApiKeyView | null>(null);
  const [toggling, setToggling] = useState<ApiKeyView | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  // Where focus goes when a change removed or disabled the control it was on: Issue new API key
  // when it can be used, else the first action left in the list.
  const nextControl = () => {
    const issue = document.getElementById("issue-key-button");
    if (issue instanceof HTMLButtonElement && !issue.disabled) return issue;
    return document.querySelector<HTMLElement>("#keys-list button:not([disabled])") ?? listHeading.current;
  };

  const blockedReason = issueBlockedReason(apiAccess, quota);

  return (
    <div className="space-y-6">
      <section aria-labelledby="endpoint-title" className="rounded-card border border-line-soft bg-surface p-5">
        <h2 id="endpoint-title" className="text-base font-semibold">
          <label htmlFor="api-endpoint">API endpoint</label>
        </h2>
        <p className="mt-1 text-sm text-ink-muted">
          The base URL your clients send requests to. See the{" "}
          <Link href="/docs/api" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-800">
            API documentation
          </Link>{" "}
          for every endpoint, with examples.
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <input
            id="api-endpoint"
            readOnly
            value={endpoint}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-line bg-surface-sunken px-3 py-2 font-mono text-sm"
          />
          <CopyButton value={endpoint} what="API endpoint" />
        </div>
      </section>

      <ApiAccessCard enabled={apiAccess} activeKeys={quota.active} />

      <section id="keys-list" aria-labelledby="keys-title" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="keys-title" ref={listHeading} tabIndex={-1} className="text-base font-semibold">
              Your API keys
            </h2>
            <p className="text-sm text-ink-muted">
              {quota.active} of {quota.max} active keys.
              {keys.some((k) => k.status === "inactive") ? " Inactive keys count too." : ""} Each secret is shown once, when it is
              generated.
            </p>
          </div>
          <div className="flex flex-col items-end gap-1">
            <Button
              id="issue-key-button"
              variant="primary"
              disabled={blockedReason !== null}
              aria-describedby={blockedReason ? "issue-blocked" : undefined}
              onClick={() => setIssuing(true)}
            >
              Issue new API key
            </Button>
            {blockedReason ? (
              <p id="issue-blocked" className="max-w-xs text-right text-xs text-ink-muted">
                {blockedReason}
              </p>
            ) : null}
          </div>
        </div>
        <KeysTable
          keys={keys}
          usage={usage}
          caption="Your API keys, newest first"
          keyHref={(key) => `/profile/api-keys/${key.clientId}`}
          emptyText="You have no API keys yet."
          now={now}
          actions={(key) =>
            key.status === "replaced" ? (
              <Button size="sm" variant="ghost-danger" onClick={() => setEndingGrace(key)} aria-label={`End grace period now: ${key.name}`}>
                End grace period now
              </Button>
            ) : key.status === "revoked" || key.replaced ? null : (
              <span className="inline-flex flex-col items-end gap-1">
                {key.status === "active" || key.status === "inactive" ? (
                  <Button
                    size="sm"
                    data-key-toggle={key.clientId}
                    onClick={() => setToggling(key)}
                    aria-label={`${key.status === "inactive" ? "Activate" : "Deactivate"} ${key.name}`}
                  >
                    {key.status === "inactive" ? "Activate" : "Deactivate"}
                  </Button>
                ) : null}
                {key.status === "inactive" ? null : (
                  <Button size="sm" onClick={() => setRegenerating(key)} aria-label={`Regenerate ${key.name}`} disabled={!apiAccess}>
                    Regenerate
                  </Button>
                )}
                <Button size="sm" variant="ghost-danger" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                  Revoke
                </Button>
              </span>
            )
          }
        />
      </section>

      <IssueKeyDialog
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(issued) => {
          setIssuing(false);
          setReveal({ issued, regenerated: false });
        }}
        apiSets={apiSets}
        expiry={expiry}
        rateLimitHint={rateLimitHint}
      />
      <RegenerateDialog
        target={regenerating}
        onClose={() => setRegenerating(null)}
        onRegenerated={(issued) => {
          setRegenerating(null);
          setReveal({ issued, regenerated: true });
        }}
      />
      <RevokeDialog target={revoking} onClose={() => setRevoking(null)} fallbackFocus={nextControl} />
      <SetActiveDialog
        target={toggling}
        onClose={() => setToggling(null)}
        // The button that opened it now says the opposite: focus moves to it.
        fallbackFocus={() => document.querySelector<HTMLElement>(`[data-key-toggle="${toggling?.clientId}"]`) ?? nextControl()}
      />
      <EndGraceDialog target={endingGrace} onClose={() => setEndingGrace(null)} fallbackFocus={nextControl} />
      {reveal ? (
        <RevealDialog
          issued={reveal.issued}
          regenerated={reveal.regenerated}
          endpoint={endpoint}
          onClose={() => {
            setReveal(null);
            announce(
              reveal.regenerated
                ? `“${reveal.issued.key.name}” regenerated. Update whatever used the old secret.`
                : `API key “${reveal.issued.key.name}” is ready. Its secret is not shown again.`,
            );
          }}
          fallbackFocus={nextControl}
        />
      ) : null}
    </div>
  );
}
