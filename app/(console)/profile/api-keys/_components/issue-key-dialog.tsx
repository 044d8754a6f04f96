"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { describedBy, Field, FieldError, inputClass } from "@/components/ui/field";
// The New API key dialog: name, description, API sets, expiration → Generate key.
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
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
import { IpAllowlistField } from "./ip-allowlist-field";

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
  /** What the policy says about rate limits (default and maximum), shown under the field. */
  rateLimitHint?: string;
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

function IssueKeyForm({ onCancel, onIssued, apiSets, expiry, rateLimitHint }: Omit<Props, "open" | "onClose"> & { onCancel: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<IssueKeyFields, unknown, IssueKeyInput>({
    shouldFocusError: false,
    resolver: zodResolver(issueKeySchema),
    defaultValues: {
      name: "",
      description: "",
      apiSets: [],
      expiresIn: expiry.defaultChoice,
      customDate: "",
      ipAllowlist: "",
      rateLimitRequests: "",
      rateLimitPer: "minute",
    },
  });
  const formRef = useFocusFirstError(submitCount);

  const expiresIn = watch("expiresIn");
  const chosenSets = watch("apiSets") ?? [];
  const chosenLabels = apiSets.filter((o) => chosenSets.includes(o.code)).map((o) => o.label);
  // The acknowledgement is about the API sets selected when it was ticked: changing them asks again.
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  const ackOk = acknowledged !== null && acknowledged === chosenSets.join(" ");
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
    if (
      !applyServerErrors(result.fieldErrors, setError, [
        "name",
        "description",
        "apiSets",
        "expiresIn",
        "customDate",
        "ipAllowlist",
        "rateLimitRequests",
      ])
    )
      setFormError(result.message);
  });

  const err = {
    name: errors.name?.message,
    description: errors.description?.message,
    apiSets: errors.apiSets?.message ?? (errors.apiSets as { root?: { message?: string } } | undefined)?.root?.message,
    expiresIn: errors.expiresIn?.message,
    customDate: errors.customDate?.message,
    ipAllowlist: errors.ipAllowlist?.message,
    rateLimitRequests: errors.rateLimitRequests?.message ?? errors.rateLimitPer?.message,
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <Field
        id="key-name"
        label="Name"
        required
        error={err.name}
        hint={`Unique among your active keys; at most ${KEY_NAME_MAX} characters.`}
      >
        {(control) => <input className={inputClass} autoComplete="off" {...control} {...register("name")} />}
      </Field>
      <Field id="key-description" label="Description" error={err.description} hint="Optional: what uses this key.">
        {(control) => (
          <textarea rows={2} maxLength={KEY_DESCRIPTION_MAX + 50} className={inputClass} {...control} {...register("description")} />
        )}
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
              {(control) => (
                <input
                  type="date"
                  min={expiry.earliestDate}
                  max={expiry.latestDate}
                  className={inputClass}
                  {...control}
                  {...register("customDate")}
                />
              )}
            </Field>
          </div>
        ) : null}
      </fieldset>
      <IpAllowlistField id="key-ip-allowlist" error={err.ipAllowlist} registration={register("ipAllowlist")} />
      <fieldset>
        <legend className="text-sm font-medium">Rate limit</legend>
        <div className="mt-2 flex flex-wrap items-start gap-3">
          <div className="w-40">
            <Field
              id="key-rate-limit"
              label="Requests"
              error={err.rateLimitRequests}
              hint={rateLimitHint ?? "Optional. Leave empty for no limit of its own."}
            >
              {(control) => (
                <input
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  className={inputClass}
                  {...control}
                  {...register("rateLimitRequests")}
                />
              )}
            </Field>
          </div>
          <div className="w-40">
            <Field id="key-rate-limit-per" label="Per">
              {(control) => (
                <select className={inputClass} {...control} {...register("rateLimitPer")}>
                  <option value="second">second</option>
                  <option value="minute">minute</option>
                </select>
              )}
            </Field>
          </div>
        </div>
      </fieldset>
      <div className="rounded-md border border-line bg-surface-sunken p-3">
        <label htmlFor="key-acknowledge" className="flex items-start gap-2 text-sm text-ink">
          <input
            id="key-acknowledge"
            type="checkbox"
            className="mt-0.5 shrink-0"
            checked={ackOk}
            onChange={(e) => setAcknowledged(e.target.checked ? chosenSets.join(" ") : null)}
            aria-describedby="key-acknowledge-sets"
          />
          <span>Check the box to acknowledge that the new API credentials will provide access to the features and data selected above</span>
        </label>
        <p id="key-acknowledge-sets" className="mt-1 pl-6 text-xs text-ink-muted">
          {chosenLabels.length > 0 ? `Selected API sets: ${chosenLabels.join(", ")}.` : "No API sets selected yet."}
        </p>
      </div>
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {formError}
      </div>
      <DialogActions>
        {!ackOk ? (
          <p id="key-generate-why" className="text-xs text-ink-muted">
            Tick the acknowledgement to generate the key.
          </p>
        ) : null}
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          variant="primary"
          disabled={isSubmitting || !ackOk}
          aria-describedby={!ackOk ? "key-generate-why" : undefined}
        >
          {isSubmitting ? "Generating…" : "Generate key"}
        </Button>
      </DialogActions>
    </form>
  );
}
