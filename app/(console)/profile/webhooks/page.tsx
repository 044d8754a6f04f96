import type { Metadata } from "next";
import { hasAuthority } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/session";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/events";
import { listDeliveryAttempts, listWebhooks, webhookQuota } from "@/lib/webhooks/subscriptions";
import { WebhooksPanel } from "./_components/webhooks-panel";

export const metadata: Metadata = { title: "Webhooks" };

// GET /profile/webhooks – the user's webhook subscriptions and each one's delivery log.
export default async function WebhooksPage() {
  const actor = await requireActor("/profile/webhooks");
  if (!hasAuthority(actor, "keys:use")) {
    return (
      <section aria-labelledby="webhooks-title" className="rounded-card border border-line-soft bg-surface p-6">
        <h2 id="webhooks-title" className="text-lg font-semibold">
          Webhooks
        </h2>
        <p className="mt-2 text-sm text-ink-soft">
          Webhooks are not available to you: you do not have the right permissions; ask an administrator.
        </p>
      </section>
    );
  }
  const [webhooks, quota] = await Promise.all([listWebhooks(actor.id), webhookQuota(actor.id)]);
  const logs = Object.fromEntries(
    await Promise.all(webhooks.map(async (w) => [w.id, (await listDeliveryAttempts(actor.id, w.id)) ?? []] as const)),
  );
  return (
    <WebhooksPanel
      webhooks={webhooks}
      logs={logs}
      quota={quota}
      events={WEBHOOK_EVENTS.map((e) => ({ type: e.type, entity: e.entity, operation: e.operation }))}
    />
  );
}
