"use client";
// The New API key dialog: name, description, API sets, expiration → Generate key.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, type Path, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { describedBy, Field, FieldError, inputClass } from "@/components/ui/field";
import { addDays, EXPIRY_PRESETS, type ExpiryChoice, utcDate } from "@/lib/keys/expiry";
import type { IssuedApiKey } from "@/lib/keys/issue-api-key";
import {
  type IssueKeyForm as IssueKeyFields,
  type IssueKeyInput,
  issueKeySchema,
  KEY_DESCRIPTION_MAX,
  KEY_NAME_MAX,
} from "@/lib/keys/schemas";
import { issueKeyAction } from "../actions";
import { type ApiSetOption, ApiSetPicker } from "./api-set-picker";

export type ExpirySettings = {
  defaultChoice: ExpiryChoice;
  maxLifetimeDays: number;
  earliestDate: string;
  latestDate: string;
};

type Props = {
  open: boolean;
  onClose: () => void;
  onIssued: (issued: IssuedApiKey) => void;
  apiSets: ApiSetOption[];
  expiry: ExpirySettings;
};

export function IssueKeyDialog({ open, onClose, ...formProps }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New API key"
      className="max-w-2xl"
      description="The secret key is shown once, right after you generate it."
    >
      {/* The dialog mounts its content only while open, so every opening starts a fresh form. */}
      <IssueKeyForm onCancel={onClose} {...formProps} />
    </Dialog>
  );
}

function IssueKeyForm({ onCancel, onIssued, apiSets, expiry }: Omit<Props, "open" | "onClose"> & { onCancel: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<IssueKeyFields, unknown, IssueKeyInput>({
    resolver: zodResolver(issueKeySchema),
    defaultValues: { name: "", description: "", apiSets: [], expiresIn: expiry.defaultChoice, customDate: "" },
  });

  const expiresIn = watch("expiresIn");
  const customDate = watch("customDate");
  const preset = EXPIRY_PRESETS.find((p) => p.value === expiresIn);
  const preview = preset ? utcDate(addDays(new Date(), preset.days)) : customDate || null;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await issueKeyAction({ ...values, customDate: values.expiresIn === "custom" ? values.customDate : undefined });
    if (result.ok) {
      onIssued(result.data);
      return;
    }
    let placed = false;
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages?.[0] && ["name", "description", "apiSets", "expiresIn", "customDate"].includes(field)) {
        setError(field as Path<IssueKeyFields>, { message: messages[0] }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) setFormError(result.message);
  });

  const err = {
    name: errors.name?.message,
    description: errors.description?.message,
    apiSets: errors.apiSets?.message ?? (errors.apiSets as { root?: { message?: string } } | undefined)?.root?.message,
    expiresIn: errors.expiresIn?.message,
    customDate: errors.customDate?.message,
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <Field
        id="key-name"
        label="Name"
        required
        error={err.name}
        hint={`Unique among your active keys; at most ${KEY_NAME_MAX} characters.`}
      >
        <input
          id="key-name"
          className={inputClass}
          autoComplete="off"
          aria-required="true"
          aria-invalid={err.name ? true : undefined}
          aria-describedby={describedBy("key-name", { hint: true, error: err.name })}
          {...register("name")}
        />
      </Field>
      <Field id="key-description" label="Description" error={err.description} hint="Optional: what uses this key.">
        <textarea
          id="key-description"
          rows={2}
          maxLength={KEY_DESCRIPTION_MAX + 50}
          className={inputClass}
          aria-invalid={err.description ? true : undefined}
          aria-describedby={describedBy("key-description", { hint: true, error: err.description })}
          {...register("description")}
        />
      </Field>
      <fieldset>
        <legend className="text-sm font-medium">
          API sets
          <span aria-hidden="true" className="text-danger-600">
            *
          </span>
        </legend>
        <p className="mb-2 text-xs text-ink-muted">Choose at least one. A key can do only what its API sets allow.</p>
        <Controller
          control={control}
          name="apiSets"
          render={({ field }) => (
            <ApiSetPicker
              options={apiSets}
              value={field.value ?? []}
              onChange={field.onChange}
              errorId={err.apiSets ? "key-api-sets-error" : undefined}
              invalid={Boolean(err.apiSets)}
            />
          )}
        />
        <FieldError id="key-api-sets" error={err.apiSets} />
      </fieldset>
      <fieldset aria-describedby={describedBy("key-expires", { hint: true, error: err.expiresIn })}>
        <legend className="text-sm font-medium">Expiration</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {EXPIRY_PRESETS.map((p) => (
            <label key={p.value} className="flex items-center gap-2 text-sm">
              <input type="radio" value={p.value} disabled={p.days > expiry.maxLifetimeDays} {...register("expiresIn")} />
              {p.label}
            </label>
          ))}
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" value="custom" {...register("expiresIn")} />
            Custom date
          </label>
        </div>
        <p id="key-expires-hint" className="mt-1 text-xs text-ink-muted">
          Keys always expire, at most {expiry.maxLifetimeDays} days from today.
          {preview ? ` This key will expire on ${preview} (UTC).` : ""}
        </p>
        <FieldError id="key-expires" error={err.expiresIn} />
        {expiresIn === "custom" ? (
          <div className="mt-3 max-w-xs">
            <Field id="key-custom-date" label="Expiry date" error={err.customDate}>
              <input
                id="key-custom-date"
                type="date"
                min={expiry.earliestDate}
                max={expiry.latestDate}
                className={inputClass}
                aria-invalid={err.customDate ? true : undefined}
                aria-describedby={describedBy("key-custom-date", { error: err.customDate })}
                {...register("customDate")}
              />
            </Field>
          </div>
        ) : null}
      </fieldset>
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {formError}
      </div>
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          {isSubmitting ? "Generating…" : "Generate key"}
        </Button>
      </div>
    </form>
  );
}
