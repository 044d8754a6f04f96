"use client";
// The Webhooks tab: the list with the On/Off switch, Send test event, Rotate secret and Delete;
// the New webhook dialog and the one-time reveal of a signing secret; each webhook's delivery
// log with Redeliver.
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Switch } from "@/components/ui/switch";
import { TableRegion } from "@/components/ui/table-region";
import { lastDeliveryText, WebhooksTable } from "@/components/webhooks/webhooks-table";
import { eventLabel } from "@/lib/webhooks/events";
import type { CreatedWebhook, DeliveryAttemptView, WebhookView } from "@/lib/webhooks/subscriptions";
import { deleteWebhookAction, redeliverAction, rotateWebhookSecretAction, sendTestEventAction, setWebhookEnabledAction } from "../actions";
import { CreateWebhookDialog, type EventOption } from "./create-webhook-dialog";
import { WebhookSecretDialog } from "./secret-dialog";

type Props = {
  webhooks: WebhookView[];
  logs: Record<string, DeliveryAttemptView[]>;
  quota: { count: number; max: number };
  events: EventOption[];
};

export function WebhooksPanel({ webhooks, logs, quota, events }: Props) {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [reveal, setReveal] = useState<{ created: CreatedWebhook; rotated: boolean } | null>(null);
  const [rotating, setRotating] = useState<WebhookView | null>(null);
  const [deleting, setDeleting] = useState<WebhookView | null>(null);
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const atLimit = quota.count >= quota.max;

  async function run(key: string, action: () => Promise<{ ok: boolean; message?: string }>, done: string) {
    setBusy(key);
    setNotice(undefined);
    try {
      const result = await action();
      setNotice(result.ok ? done : (result as { message: string }).message);
      router.refresh();
    } catch {
      setNotice("Something went wrong and nothing was changed. Please try again.");
    }
    setBusy(null);
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="webhooks-title" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 id="webhooks-title" ref={listHeading} tabIndex={-1} className="text-base font-semibold">
              Your webhooks
            </h2>
            <p className="text-sm text-ink-muted">
              {quota.count} of {quota.max} webhooks. Deliveries are signed (Standard Webhooks), retried for 24 hours and sent in order.
            </p>
          </div>
          <div className="flex flex-col items-end gap-1">
            <Button
              variant="primary"
              disabled={atLimit}
              aria-describedby={atLimit ? "webhook-limit" : undefined}
              onClick={() => setCreating(true)}
            >
              Add webhook
            </Button>
            {atLimit ? (
              <p id="webhook-limit" className="max-w-xs text-right text-xs text-ink-muted">
                You have {quota.count} webhooks, the most allowed. Delete one to add another.
              </p>
            ) : null}
          </div>
        </div>
        <div role="status" aria-live="polite" className="text-sm text-ink-soft">
          {notice}
        </div>
        <WebhooksTable
          webhooks={webhooks}
          caption="Your webhooks"
          emptyText="You have no webhooks yet."
          status={(w) => (
            <span className="inline-flex items-center gap-2">
              <Switch
                checked={w.enabled}
                label={`Status of ${w.url}`}
                disabled={busy !== null}
                onChange={(enabled) =>
                  run(
                    `switch-${w.id}`,
                    () => setWebhookEnabledAction({ id: w.id, enabled }),
                    enabled ? "Webhook switched on." : "Webhook switched off.",
                  )
                }
              />
              <span>{w.enabled ? "On" : "Off"}</span>
            </span>
          )}
          actions={(w) => (
            <span className="inline-flex flex-col items-end gap-1">
              <Button
                size="sm"
                disabled={!w.enabled || busy !== null}
                aria-label={`Send test event to ${w.url}`}
                onClick={() => run(`test-${w.id}`, () => sendTestEventAction({ id: w.id }), "Test event queued; see the delivery log.")}
              >
                Send test event
              </Button>
              <Button size="sm" onClick={() => setRotating(w)} aria-label={`Rotate secret of ${w.url}`}>
                Rotate secret
              </Button>
              <Button size="sm" variant="ghost-danger" onClick={() => setDeleting(w)} aria-label={`Delete ${w.url}`}>
                Delete
              </Button>
            </span>
          )}
        />
      </section>

      {webhooks.length > 0 ? (
        <section aria-labelledby="deliveries-title" className="space-y-3">
          <h2 id="deliveries-title" className="text-base font-semibold">
            Delivery logs
          </h2>
          {webhooks.map((w) => (
            <DeliveryLog
              key={w.id}
              webhook={w}
              attempts={logs[w.id] ?? []}
              busy={busy !== null}
              onRedeliver={(eventId) =>
                run(`redeliver-${eventId}`, () => redeliverAction({ id: w.id, eventId }), "Delivery queued again; see the delivery log.")
              }
            />
          ))}
        </section>
      ) : null}

      <CreateWebhookDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          setReveal({ created, rotated: false });
          router.refresh();
        }}
        events={events}
      />
      <ConfirmDialog
        open={rotating !== null}
        onClose={() => setRotating(null)}
        title="Rotate signing secret?"
        description="Keydesk makes a new signing secret and shows it once. The current secret keeps signing beside it for 24 hours."
        confirmLabel="Rotate secret"
        busyLabel="Rotating…"
        variant="primary"
        run={() => rotateWebhookSecretAction({ id: rotating?.id ?? "" })}
        onDone={(created) => {
          setReveal({ created, rotated: true });
          router.refresh();
        }}
        fallbackFocus={() => listHeading.current}
      />
      <ConfirmDialog
        open={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Delete webhook?"
        description={`Keydesk stops sending events to ${deleting?.url ?? "this URL"} and forgets its queued deliveries and log.`}
        confirmLabel="Delete"
        busyLabel="Deleting…"
        run={() => deleteWebhookAction({ id: deleting?.id ?? "" })}
        onDone={() => router.refresh()}
        fallbackFocus={() => listHeading.current}
      />
      {reveal ? (
        <WebhookSecretDialog
          secret={reveal.created.secret}
          url={reveal.created.webhook.url}
          rotated={reveal.rotated}
          onClose={() => setReveal(null)}
          fallbackFocus={() => listHeading.current}
        />
      ) : null}
    </div>
  );
}

function DeliveryLog({
  webhook,
  attempts,
  busy,
  onRedeliver,
}: {
  webhook: WebhookView;
  attempts: DeliveryAttemptView[];
  busy: boolean;
  onRedeliver: (eventId: string) => void;
}) {
  return (
    <details className="rounded-card border border-line-soft bg-surface" open={attempts.length > 0}>
      <summary className="cursor-pointer px-4 py-3 text-sm font-medium">
        Delivery log: <span className="break-all font-mono text-xs">{webhook.url}</span>{" "}
        <span className="text-ink-muted">
          ({lastDeliveryText(webhook)}
          {webhook.pending > 0 ? `; ${webhook.pending} waiting` : ""})
        </span>
      </summary>
      {attempts.length === 0 ? (
        <p className="px-4 pb-4 text-sm text-ink-muted">No deliveries yet.</p>
      ) : (
        <TableRegion label={`Delivery log of ${webhook.url}`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">
              Last {attempts.length} delivery attempts to {webhook.url}, newest first
            </caption>
            <thead className="border-y border-line-soft bg-surface-sunken text-xs uppercase tracking-wide text-ink-muted">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  Time
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Event
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Duration
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Response
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-line-soft">
              {attempts.map((a) => (
                <tr key={a.id} className="align-top">
                  <td className="px-4 py-2 whitespace-nowrap">{formatDateTime(a.at)}</td>
                  <td className="px-4 py-2">
                    {eventLabel(a.eventType)} <span className="text-xs text-ink-muted">#{a.sequence}</span>
                  </td>
                  <td className="px-4 py-2">{a.status ?? "No response"}</td>
                  <td className="px-4 py-2 whitespace-nowrap">{a.durationMs} ms</td>
                  <td className="max-w-xs px-4 py-2">
                    {a.error ? <span className="block text-danger-700">{a.error}</span> : null}
                    {a.response ? <code className="block truncate font-mono text-xs text-ink-muted">{a.response}</code> : null}
                  </td>
                  <td className="px-4 py-2 text-right">
                    {a.eventState !== "pending" ? (
                      <Button
                        size="sm"
                        disabled={busy}
                        onClick={() => onRedeliver(a.eventId)}
                        aria-label={`Redeliver ${eventLabel(a.eventType)} #${a.sequence}`}
                      >
                        Redeliver
                      </Button>
                    ) : (
                      <span className="text-xs text-ink-muted">Retrying</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </details>
  );
}
