"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
// Profile → Password: current password, new password twice, in a dialog.
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
import { PASSWORD_MIN } from "@/lib/users/password-rules";
import { type ChangePasswordForm, type ChangePasswordInput, changePasswordSchema } from "@/lib/users/schemas";
import { changePasswordAction } from "../actions";

export function ChangePassword({ changed }: { changed: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="password-title" className="mt-6 rounded-card border border-line-soft bg-surface p-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h2 id="password-title" className="text-lg font-semibold">
            Password
          </h2>
          <p className="mt-1 text-sm text-ink-muted">Changing it signs you out everywhere else.</p>
          <p role="status" className="mt-2 text-sm text-success-700">
            {changed ? "Your password was changed. Other sessions have been signed out." : ""}
          </p>
        </div>
        <Button onClick={() => setOpen(true)}>Change password</Button>
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title="Change password">
        <ChangePasswordFormBody onCancel={() => setOpen(false)} />
      </Dialog>
    </section>
  );
}

const FIELDS = ["currentPassword", "newPassword", "confirmPassword"] as const;

function ChangePasswordFormBody({ onCancel }: { onCancel: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<ChangePasswordForm, unknown, ChangePasswordInput>({
    shouldFocusError: false,
    resolver: zodResolver(changePasswordSchema),
    defaultValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
  });
  const formRef = useFocusFirstError(submitCount);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await changePasswordAction(values);
    // Success redirects (a fresh session); only refusals come back here.
    if (!result || result.ok) return;
    if (!applyServerErrors(result.fieldErrors, setError, FIELDS)) setFormError(result.message);
  });

  const input = (id: string, field: (typeof FIELDS)[number], label: string, autoComplete: string, hint?: string) => (
    <Field id={id} label={label} error={errors[field]?.message} hint={hint}>
      {(wiring) => <input type="password" autoComplete={autoComplete} className={inputClass} {...wiring} {...register(field)} />}
    </Field>
  );

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      {input("current-password", "currentPassword", "Current password", "current-password")}
      {input("new-password", "newPassword", "New password", "new-password", `At least ${PASSWORD_MIN} characters.`)}
      {input("confirm-password", "confirmPassword", "Repeat new password", "new-password")}
      <FormDialogActions error={formError} onCancel={onCancel} busy={isSubmitting} label="Change password" busyLabel="Changing…" />
    </form>
  );
}
