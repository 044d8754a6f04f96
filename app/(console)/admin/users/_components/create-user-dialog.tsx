"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { RoleCheckboxes, type RoleChoice } from "@/components/admin/role-checkboxes";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { errorMessage, Field, FieldGroup, inputClass } from "@/components/ui/field";
// Create user: name, email, an initial password (typed, or generated and shown once) and roles.
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
import { MEMBER_ROLE_ID } from "@/lib/auth/authorities";
import { PASSWORD_MIN } from "@/lib/users/password-rules";
import { type CreateUserForm, createUserSchema } from "@/lib/users/schemas";
import { createUserAction } from "../actions";

type Created = { id: string; name: string; email: string; generatedPassword?: string };
const FIELDS = ["name", "email", "passwordMode", "password", "roleIds"] as const;

export function CreateUserButton({ roles }: { roles: RoleChoice[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create user
      </Button>
      <CreateUserDialog open={open} onClose={() => setOpen(false)} roles={roles} />
    </>
  );
}

function CreateUserDialog({ open, onClose, roles }: { open: boolean; onClose: () => void; roles: RoleChoice[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<Created | null>(null);

  function finish(id: string) {
    setCreated(null);
    onClose();
    router.push(`/admin/users/${id}`);
  }

  if (created) {
    return (
      <Dialog
        open={open}
        onClose={() => finish(created.id)}
        dismissible={false}
        title="User created"
        description={`${created.name} (${created.email}) can now sign in with this password. It is shown only now: pass it on securely.`}
      >
        <CopyField label="Initial password" value={created.generatedPassword ?? ""} />
        <DialogActions>
          <Button variant="primary" onClick={() => finish(created.id)}>
            Done
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create user"
      className="max-w-xl"
      description="The new user signs in with their email and the initial password."
    >
      {/* The dialog mounts its content only while open, so every opening starts a fresh form. */}
      <NewUserForm roles={roles} onCancel={onClose} onCreated={(user) => (user.generatedPassword ? setCreated(user) : finish(user.id))} />
    </Dialog>
  );
}

function NewUserForm({ roles, onCancel, onCreated }: { roles: RoleChoice[]; onCancel: () => void; onCreated: (user: Created) => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    watch,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<CreateUserForm>({
    shouldFocusError: false,
    resolver: zodResolver(createUserSchema) as never,
    defaultValues: {
      name: "",
      email: "",
      passwordMode: "generate",
      password: "",
      roleIds: roles.some((r) => r.id === MEMBER_ROLE_ID && r.grantable) ? [MEMBER_ROLE_ID] : [],
    },
  });
  const formRef = useFocusFirstError(submitCount);
  const mode = watch("passwordMode");

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await createUserAction({ ...values, password: values.passwordMode === "set" ? values.password : undefined });
    if (result.ok) return onCreated(result.data);
    if (!applyServerErrors(result.fieldErrors, setError, FIELDS)) setFormError(result.message);
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id="new-user-name" label="Name" required error={errors.name?.message}>
        {(wiring) => <input className={inputClass} autoComplete="off" {...wiring} {...register("name")} />}
      </Field>
      <Field id="new-user-email" label="Email" required error={errors.email?.message}>
        {(wiring) => <input type="email" className={inputClass} autoComplete="off" {...wiring} {...register("email")} />}
      </Field>
      <FieldGroup id="new-user-password-mode" legend="Initial password" error={errors.passwordMode?.message}>
        <div className="mt-2 space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" value="generate" {...register("passwordMode")} />
            Generate a password (shown once)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" value="set" {...register("passwordMode")} />
            Set a password
          </label>
        </div>
      </FieldGroup>
      {mode === "set" ? (
        <Field
          id="new-user-password"
          label="Password"
          required
          hint={`At least ${PASSWORD_MIN} characters.`}
          error={errors.password?.message}
        >
          {(wiring) => <input type="password" autoComplete="new-password" className={inputClass} {...wiring} {...register("password")} />}
        </Field>
      ) : null}
      <Controller
        control={control}
        name="roleIds"
        render={({ field }) => (
          <RoleCheckboxes
            id="new-user-roles"
            legend="Roles"
            roles={roles}
            value={field.value ?? []}
            onChange={field.onChange}
            error={errorMessage(errors.roleIds)}
          />
        )}
      />
      <FormDialogActions error={formError} onCancel={onCancel} busy={isSubmitting} label="Create user" busyLabel="Creating…" />
    </form>
  );
}
