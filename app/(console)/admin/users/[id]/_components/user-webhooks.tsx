"use client";
// The user's webhooks on their account page (URL, Entity, Operation type, Status), with Switch
// off on each that is On. The user sees on their Webhooks tab that an administrator did it.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { WebhooksTable } from "@/components/webhooks/webhooks-table";
import type { WebhookView } from "@/lib/webhooks/subscriptions";
import { adminDisableWebhookAction } from "../webhook-actions";

export function UserWebhooks({ userId, userName, webhooks }: { userId: string; userName: string; webhooks: WebhookView[] }) {
  const [target, setTarget] = useState<WebhookView | null>(null);
  return (
    <>
      <WebhooksTable
        webhooks={webhooks}
        caption="This user's webhooks"
        emptyText="This user has no webhooks."
        actions={(w) =>
          w.enabled ? (
            <Button size="sm" variant="ghost-danger" onClick={() => setTarget(w)} aria-label={`Switch off ${w.url}`}>
              Switch off
            </Button>
          ) : null
        }
      />
      <ConfirmDialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title="Switch off webhook"
        description={
          target ? (
            <>
              Keydesk stops sending events to <span className="break-all font-mono">{target.url}</span>. {userName} sees that an
              administrator switched it off and can switch it on again.
            </>
          ) : null
        }
        confirmLabel="Switch off"
        busyLabel="Switching off…"
        run={() => adminDisableWebhookAction({ userId, id: target?.id ?? "" })}
        fallbackFocus={() => document.getElementById("user-webhooks-title")}
      />
    </>
  );
}
