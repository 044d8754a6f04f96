// A user's webhooks as a table: URL, Entity, Operation type, Status, Last delivery. Used by the
// Webhooks tab and by User account details; the caller supplies each row's actions.
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/format";
import { TableRegion } from "@/components/ui/table-region";
import { ENTITY_LABELS, operationsText } from "@/lib/webhooks/events";
import type { WebhookView } from "@/lib/webhooks/subscriptions";

type Props = {
  webhooks: WebhookView[];
  caption: string;
  emptyText: string;
  status?: (webhook: WebhookView) => ReactNode;
  actions?: (webhook: WebhookView) => ReactNode;
};

export function lastDeliveryText(webhook: WebhookView): string {
  if (!webhook.lastDelivery) return "Never";
  const { at, status } = webhook.lastDelivery;
  return `${formatDateTime(at)} · ${status === null ? "no response" : status}`;
}

function statusText(webhook: WebhookView): string {
  return webhook.enabled ? "On" : "Off";
}

export function WebhooksTable({ webhooks, caption, emptyText, status, actions }: Props) {
  if (webhooks.length === 0) {
    return <p className="rounded-card border border-dashed border-line p-6 text-center text-sm text-ink-muted">{emptyText}</p>;
  }
  return (
    <TableRegion label={caption}>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line-soft bg-surface-sunken text-xs uppercase tracking-wide text-ink-muted">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              URL
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Entity
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Operation type
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Last delivery
            </th>
            {actions ? (
              <th scope="col" className="px-4 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-line-soft">
          {webhooks.map((w) => (
            <tr key={w.id} className="align-top">
              <td className="max-w-xs px-4 py-3">
                <span className="break-all font-mono text-xs">{w.url}</span>
                {w.description ? <span className="mt-1 block text-xs text-ink-muted">{w.description}</span> : null}
              </td>
              <td className="px-4 py-3">{w.entities.map((e) => ENTITY_LABELS[e]).join(", ")}</td>
              <td className="px-4 py-3">{operationsText(w.events)}</td>
              <td className="px-4 py-3">
                {status ? status(w) : statusText(w)}
                {!w.enabled && w.disabledBy ? (
                  <span className="mt-1 block text-xs text-ink-muted">Switched off by {w.disabledBy}</span>
                ) : null}
              </td>
              <td className="px-4 py-3 whitespace-nowrap">{lastDeliveryText(w)}</td>
              {actions ? <td className="px-4 py-3 text-right">{actions(w)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
