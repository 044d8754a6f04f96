"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { type FieldErrors, type UseFormRegister, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { describedBy, Field, inputClass } from "@/components/ui/field";
// The key policy form: three numbers, Save settings.
import { applyServerErrors } from "@/components/ui/form-errors";
import type { KeyPolicy } from "@/lib/keys/policy";
import {
  MAX_ACTIVE_KEYS_LIMIT,
  MAX_LIFETIME_LIMIT,
  policySchema,
  UNUSED_DAYS_MIN,
  type PolicyForm as Values,
} from "@/lib/settings/schemas";
import { updateKeyPolicyAction } from "../actions";

type NumberField = Exclude<
  keyof KeyPolicy,
  "defaultRateLimitRequests" | "defaultRateLimitPer" | "maxRateLimitPerMinute" | "revokeUnusedAfterDays"
>;

const FIELDS: { name: NumberField; label: string; hint: string; max: number }[] = [
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

export function PolicyForm({ policy }: { policy: KeyPolicy }) {
  const [formError, setFormError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ resolver: zodResolver(policySchema) as never, defaultValues: { ...policy, ...rateLimitDefaults(policy) } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    setStatus(undefined);
    const result = await updateKeyPolicyAction(values);
    if (result.ok) {
      setStatus(result.data.changed ? "Settings saved. They apply to keys issued from now on." : "Nothing changed.");
      return;
    }
    if (!applyServerErrors(result.fieldErrors, setError, [...FIELDS.map((f) => f.name), ...RATE_LIMIT_FIELDS]))
      setFormError(result.message);
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="policy-title"
      className="max-w-xl space-y-5 rounded-card border border-line-soft bg-surface p-6"
    >
      <h2 id="policy-title" className="text-lg font-semibold">
        API key policy
      </h2>
      {FIELDS.map((f) => {
        const id = `policy-${f.name}`;
        const error = errors[f.name]?.message;
        return (
          <Field key={f.name} id={id} label={f.label} required hint={f.hint} error={error}>
            <input
              id={id}
              type="number"
              inputMode="numeric"
              min={1}
              max={f.max}
              step={1}
              className={`${inputClass} max-w-32`}
              aria-required="true"
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(id, { hint: true, error })}
              {...register(f.name)}
            />
          </Field>
        );
      })}
      <RateLimitFields register={register} errors={errors} />
      <div role="alert" aria-live="assertive" className="text-sm text-danger-700">
        {formError}
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save settings"}
        </Button>
        <span role="status" aria-live="polite" className="text-sm text-success-700">
          {status}
        </span>
      </div>
    </form>
  );
}

// Per-key rate limits: the default a key gets when issued without one, and the most any key may allow.
const RATE_LIMIT_FIELDS = ["defaultRateLimitRequests", "defaultRateLimitPer", "maxRateLimitPerMinute", "revokeUnusedAfterDays"] as const;

function rateLimitDefaults(policy: KeyPolicy) {
  return {
    defaultRateLimitRequests: policy.defaultRateLimitRequests ?? "",
    maxRateLimitPerMinute: policy.maxRateLimitPerMinute ?? "",
    revokeUnusedAfterDays: policy.revokeUnusedAfterDays ?? "",
  };
}

function RateLimitFields({ register, errors }: { register: UseFormRegister<Values>; errors: FieldErrors<Values> }) {
  const defaultError = errors.defaultRateLimitRequests?.message ?? errors.defaultRateLimitPer?.message;
  const maxError = errors.maxRateLimitPerMinute?.message;
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-semibold">Rate limits and unused keys</legend>
      <p className="text-xs text-ink-muted">Requests each key may make. Leave empty for none; applies to keys issued from now on.</p>
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
