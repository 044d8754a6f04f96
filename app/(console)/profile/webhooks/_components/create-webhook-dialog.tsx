"use client";
// The New webhook dialog: URL, Entity, Operation type, description, days before expiry → Add webhook.
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, Field, FieldGroup, inputClass } from "@/components/ui/field";
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
import { ENTITY_LABELS, type WebhookEntity, type WebhookEventType } from "@/lib/webhooks/events";
import { type CreateWebhookForm, type CreateWebhookInput, createWebhookSchema, WEBHOOK_DESCRIPTION_MAX } from "@/lib/webhooks/schemas";
import type { CreatedWebhook } from "@/lib/webhooks/subscriptions";
import { createWebhookAction } from "../actions";

export type EventOption = { type: WebhookEventType; entity: WebhookEntity; operation: string };

type Props = { open: boolean; onClose: () => void; onCreated: (created: CreatedWebhook) => void; events: EventOption[] };

export function CreateWebhookDialog({ open, onClose, ...formProps }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New webhook"
      className="max-w-2xl"
      description="Keydesk sends a signed POST to this URL when one of the chosen events happens to your keys or API access."
    >
      <NewWebhookForm onCancel={onClose} {...formProps} />
    </Dialog>
  );
}

const FIELDS = ["url", "description", "events", "expiringDays"] as const;

function NewWebhookForm({ onCancel, onCreated, events }: Omit<Props, "open" | "onClose"> & { onCancel: () => void }) {
  const [formError, setFormError] = useState<string>();
  const [entity, setEntity] = useState<WebhookEntity>("api_key");
  const groupId = useId();
  const {
    register,
    handleSubmit,
    watch,
    setValue,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<CreateWebhookForm, unknown, CreateWebhookInput>({
    shouldFocusError: false,
    resolver: zodResolver(createWebhookSchema),
    defaultValues: { url: "", description: "", events: [], expiringDays: 7 },
  });
  const formRef = useFocusFirstError(submitCount);
  const chosen = (watch("events") ?? []) as string[];
  const options = events.filter((e) => e.entity === entity);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await createWebhookAction(values);
    if (result.ok) {
      onCreated(result.data);
      return;
    }
    if (!applyServerErrors(result.fieldErrors, setError, FIELDS)) setFormError(result.message);
  });

  const eventsError = errorMessage(errors.events);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id="webhook-url" label="URL" required error={errors.url?.message} hint="An https:// address that accepts POST requests.">
        {(wiring) => (
          <input
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://example.com/keydesk-events"
            className={inputClass}
            {...wiring}
            {...register("url")}
          />
        )}
      </Field>

      <FieldGroup id="webhook-entity" legend="Entity">
        <div className="mt-1 flex flex-wrap gap-4">
          {(Object.keys(ENTITY_LABELS) as WebhookEntity[]).map((e) => (
            <label key={e} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${groupId}-entity`}
                value={e}
                checked={entity === e}
                onChange={() => {
                  setEntity(e);
                  setValue("events", [], { shouldValidate: false });
                }}
              />
              {ENTITY_LABELS[e]}
            </label>
          ))}
        </div>
      </FieldGroup>

      <FieldGroup id="webhook-events" legend="Operation type" required error={eventsError}>
        <div className="mt-1 grid gap-1 sm:grid-cols-2">
          {options.map((o) => (
            <label key={o.type} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={o.type} {...register("events")} />
              {o.operation}
            </label>
          ))}
        </div>
      </FieldGroup>

      {entity === "api_key" && chosen.includes("api_key.expiring") ? (
        <Field
          id="webhook-expiring-days"
          label="Days before expiry"
          error={errors.expiringDays?.message}
          hint="The Expiring event fires this many days before a key expires."
        >
          {(wiring) => (
            <input type="number" min={1} max={90} className={`${inputClass} max-w-32`} {...wiring} {...register("expiringDays")} />
          )}
        </Field>
      ) : null}

      <Field id="webhook-description" label="Description" error={errors.description?.message}>
        {(wiring) => (
          <textarea rows={2} maxLength={WEBHOOK_DESCRIPTION_MAX} className={inputClass} {...wiring} {...register("description")} />
        )}
      </Field>

      <FormDialogActions error={formError} onCancel={onCancel} busy={isSubmitting} label="Add webhook" busyLabel="Adding…" />
    </form>
  );
}
