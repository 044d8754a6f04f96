import type { Metadata } from "next";
import { ExpiryBanner, keysExpiringSoon } from "@/components/api-keys/expiry-banner";
import { keysReportedLeaked, LeakBanner } from "@/components/api-keys/leak-banner";
import { keysRevokedSoonForDisuse, UnusedBanner } from "@/components/api-keys/unused-banner";
import { apiEndpoint } from "@/lib/api-endpoint";
import { hasAuthority } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { keyUsageByDay } from "@/lib/keys/key-usage";
import { listApiKeys } from "@/lib/keys/list-api-keys";
import { getKeyPolicy } from "@/lib/keys/policy";
import { ApiKeysPanel } from "./_components/api-keys-panel";
import { issueSettings } from "./issue-settings";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const actor = await requireActor("/profile/api-keys");
  if (!hasAuthority(actor, "keys:use")) {
    return (
      <section aria-labelledby="keys-title" className="rounded-card border border-line-soft bg-surface p-6">
        <h2 id="keys-title" className="text-lg font-semibold">
          API keys
        </h2>
        <p className="mt-2 text-sm text-ink-soft">
          API keys are not available to you: you do not have the right permissions; ask an administrator.
        </p>
      </section>
    );
  }
  const now = new Date();
  const [keys, settings, endpoint, policy] = await Promise.all([
    listApiKeys(actor.id, now),
    issueSettings(actor.id, now),
    apiEndpoint(),
    getKeyPolicy(db),
  ]);
  const usage = await keyUsageByDay(
    keys.map((k) => k.id),
    30,
    now,
  );
  return (
    <div className="space-y-6">
      <LeakBanner keys={keysReportedLeaked(keys, now)} />
      <UnusedBanner keys={keysRevokedSoonForDisuse(keys, policy.revokeUnusedAfterDays, now)} days={policy.revokeUnusedAfterDays} />
      <ExpiryBanner keys={keysExpiringSoon(keys, now)} />
      <ApiKeysPanel keys={keys} endpoint={endpoint} apiAccess={actor.apiAccess} {...settings} usage={usage} now={now.toISOString()} />
    </div>
  );
}
