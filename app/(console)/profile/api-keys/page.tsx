import type { Metadata } from "next";
import { ExpiryBanner, keysExpiringSoon } from "@/components/api-keys/expiry-banner";
import { apiEndpoint } from "@/lib/api-endpoint";
import { hasAuthority } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";
import { API_SETS } from "@/lib/keys/api-sets";
import { addDays, defaultExpiryChoice, latestCustomDate, utcDate } from "@/lib/keys/expiry";
import { keyUsageByDay } from "@/lib/keys/key-usage";
import { keyQuota, listApiKeys } from "@/lib/keys/list-api-keys";
import { ApiKeysPanel } from "./_components/api-keys-panel";

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
  const [keys, quota, endpoint] = await Promise.all([listApiKeys(actor.id, now), keyQuota(actor.id, now), apiEndpoint()]);
  const usage = await keyUsageByDay(
    keys.map((k) => k.id),
    30,
    now,
  );
  return (
    <div className="space-y-6">
      <ExpiryBanner keys={keysExpiringSoon(keys, now)} />
      <ApiKeysPanel
        keys={keys}
        endpoint={endpoint}
        apiAccess={actor.apiAccess}
        quota={{ active: quota.activeCount, max: quota.policy.maxActiveKeys }}
        expiry={{
          defaultChoice: defaultExpiryChoice(quota.policy.defaultLifetimeDays, quota.policy.maxLifetimeDays),
          maxLifetimeDays: quota.policy.maxLifetimeDays,
          earliestDate: utcDate(addDays(now, 1)),
          latestDate: latestCustomDate(now, quota.policy.maxLifetimeDays),
        }}
        apiSets={API_SETS.map((s) => ({ code: s.code, label: s.label, description: s.description }))}
        usage={usage}
      />
    </div>
  );
}
