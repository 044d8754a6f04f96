"use client";
// The policy form: key limits, rate limits, unused keys and webhooks, Save settings. A save is confirmed by a toast; focus stays
// on Save settings. A refusal puts each message under its field and focuses the first of them.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { type FieldErrors, type UseFormRegister, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
import { announce } from "@/components/ui/toaster";
import type { Policy } from "@/lib/keys/policy";
import {
  MAX_ACTIVE_KEYS_LIMIT,
  MAX_LIFETIME_LIMIT,
  MAX_WEBHOOKS_LIMIT,
  policySchema,
  UNUSED_DAYS_MIN,
  type PolicyForm as Values,
} from "@/lib/settings/schemas";
import { updateKeyPolicyAction } from "../actions";

type PolicyField = {
  name: "maxActiveKeys" | "maxLifetimeDays" | "defaultLifetimeDays" | "maxWebhooks";
  label: string;
  hint: string;
  max: number;
};

const KEY_FIELDS: PolicyField[] = [
  {
    name: "maxActiveKeys",
    label: "Maximum active keys per user",
    hint: `From 1 to ${MAX_ACTIVE_KEYS_LIMIT}. Users above a lowered limit keep their keys but cannot issue more.`,
    max: MAX_ACTIVE_KEYS_LIMIT,
  },
  {
    name: "maxLifetimeDays",
    label: "Maximum key lifetime (days)",
    hint: `From 1 to ${MAX_LIFETIME_LIMIT}. No key can be issued to expire later than this.`,
    max: MAX_LIFETIME_LIMIT,
  },
  {
    name: "defaultLifetimeDays",
    label: "Default key lifetime (days)",
    hint: "Preselected in the New API key dialog; at most the maximum lifetime.",
    max: MAX_LIFETIME_LIMIT,
  },
];

const WEBHOOK_FIELDS: PolicyField[] = [
  {
    name: "maxWebhooks",
    label: "Maximum webhooks per user",
    hint: `From 1 to ${MAX_WEBHOOKS_LIMIT}. Lowering it deletes no webhook: users above the limit keep theirs but cannot add more.`,
    max: MAX_WEBHOOKS_LIMIT,
  },
];

const RATE_LIMIT_FIELDS = ["defaultRateLimitRequests", "defaultRateLimitPer", "maxRateLimitPerMinute", "revokeUnusedAfterDays"] as const;

const FIELD_NAMES = [...[...KEY_FIELDS, ...WEBHOOK_FIELDS].map((f) => f.name), ...RATE_LIMIT_FIELDS];

function rateLimitDefaults(policy: Policy) {
  return {
    defaultRateLimitRequests: policy.defaultRateLimitRequests ?? "",
    maxRateLimitPerMinute: policy.maxRateLimitPerMinute ?? "",
    revokeUnusedAfterDays: policy.revokeUnusedAfterDays ?? "",
  };
}

export function PolicyForm({ policy }: { policy: Policy }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<Values>({
    shouldFocusError: false,
    resolver: zodResolver(policySchema) as never,
    defaultValues: { ...policy, ...rateLimitDefaults(policy) },
  });
  const formRef = useFocusFirstError(submitCount);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await updateKeyPolicyAction(values);
    if (result.ok) {
      if (result.data.changed) announce("Settings saved.", "They apply to keys issued and webhooks added from now on.");
      else announce("Nothing changed.", "The settings already had these values.");
      return;
    }
    if (!applyServerErrors(result.fieldErrors, setError, FIELD_NAMES)) setFormError(result.message);
  });

  const numberField = (f: PolicyField) => (
    <Field key={f.name} id={`policy-${f.name}`} label={f.label} required hint={f.hint} error={errors[f.name]?.message}>
      {(wiring) => (
        <input
          type="number"
          inputMode="numeric"
          min={1}
          max={f.max}
          step={1}
          className={`${inputClass} max-w-32`}
          {...wiring}
          {...register(f.name)}
        />
      )}
    </Field>
  );

  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="policy-title"
      className="max-w-xl space-y-5 rounded-card border border-line-soft bg-surface p-6"
    >
      <h2 id="policy-title" className="text-lg font-semibold">
        Policy
      </h2>
      <fieldset className="space-y-5">
        <legend className="text-base font-semibold">API keys</legend>
        {KEY_FIELDS.map(numberField)}
      </fieldset>
      <RateLimitFields register={register} errors={errors} />
      <fieldset className="space-y-5">
        <legend className="text-base font-semibold">Webhooks</legend>
        {WEBHOOK_FIELDS.map(numberField)}
      </fieldset>
      <FormError message={formError} />
      <Button type="submit" variant="primary" busy={isSubmitting}>
        {isSubmitting ? "Saving…" : "Save settings"}
      </Button>
    </form>
  );
}

function RateLimitFields({ register, errors }: { register: UseFormRegister<Values>; errors: FieldErrors<Values> }) {
  const defaultError = errors.defaultRateLimitRequests?.message ?? errors.defaultRateLimitPer?.message;
  const maxError = errors.maxRateLimitPerMinute?.message;
  return (
    <fieldset className="space-y-5">
      <legend className="text-base font-semibold">Rate limits and unused keys</legend>
      <p className="-mt-2 text-xs text-ink-muted">Requests each key may make. Leave empty for none; applies to keys issued from now on.</p>
      <div className="flex flex-wrap items-start gap-3">
        <div className="w-48">
          <Field id="policy-defaultRateLimitRequests" label="Default rate limit" hint="For keys issued without one." error={defaultError}>
            {(control) => (
              <input
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                className={inputClass}
                {...control}
                {...register("defaultRateLimitRequests")}
              />
            )}
          </Field>
        </div>
        <div className="w-36">
          <Field id="policy-defaultRateLimitPer" label="Per">
            {(control) => (
              <select className={inputClass} {...control} {...register("defaultRateLimitPer")}>
                <option value="second">second</option>
                <option value="minute">minute</option>
              </select>
            )}
          </Field>
        </div>
      </div>
      <div className="w-64">
        <Field
          id="policy-maxRateLimitPerMinute"
          label="Maximum rate limit (requests per minute)"
          hint="No key may allow more; keys issued without a limit get this one when there is no default."
          error={maxError}
        >
          {(control) => (
            <input
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              className={inputClass}
              {...control}
              {...register("maxRateLimitPerMinute")}
            />
          )}
        </Field>
      </div>
      <div className="w-64">
        <Field
          id="policy-revokeUnusedAfterDays"
          label="Revoke keys unused for (days)"
          hint={`From ${UNUSED_DAYS_MIN} to ${MAX_LIFETIME_LIMIT}; empty: never. Owners are warned 7 days before.`}
          error={errors.revokeUnusedAfterDays?.message}
        >
          {(control) => (
            <input
              type="number"
              inputMode="numeric"
              min={UNUSED_DAYS_MIN}
              max={MAX_LIFETIME_LIMIT}
              step={1}
              className={inputClass}
              {...control}
              {...register("revokeUnusedAfterDays")}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
