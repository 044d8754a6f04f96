"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, Field, FieldGroup, inputClass } from "@/components/ui/field";
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
// Create role / Edit role (name, description, authority checkboxes) and Delete role.
import { announce } from "@/components/ui/toaster";
import type { Authority } from "@/lib/auth/authorities";
import type { RoleView } from "@/lib/roles/list-roles";
import { createRoleSchema, ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX, type RoleForm } from "@/lib/roles/schemas";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "../actions";

export type AuthorityChoice = { code: Authority; label: string; description: string; held: boolean };

export function CreateRoleButton({ authorities }: { authorities: AuthorityChoice[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Create role
      </Button>
      <RoleDialog open={open} onClose={() => setOpen(false)} authorities={authorities} />
    </>
  );
}

export function RoleRowActions({ role, authorities }: { role: RoleView; authorities: AuthorityChoice[] }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <span className="inline-flex gap-2">
      <Button size="sm" onClick={() => setEditing(true)} aria-label={`Edit ${role.name}`}>
        Edit
      </Button>
      <Button size="sm" variant="ghost-danger" onClick={() => setDeleting(true)} aria-label={`Delete ${role.name}`}>
        Delete
      </Button>
      <RoleDialog open={editing} onClose={() => setEditing(false)} authorities={authorities} role={role} />
      <ConfirmDialog
        open={deleting}
        onClose={() => setDeleting(false)}
        title={`Delete the role ${role.name}?`}
        description={
          role.userCount > 0
            ? `${role.userCount} ${role.userCount === 1 ? "user holds" : "users hold"} this role and will lose the rights it grants at once.`
            : "No user holds this role."
        }
        confirmLabel="Delete role"
        busyLabel="Deleting…"
        run={() => deleteRoleAction({ roleId: role.id })}
        doneMessage={() => `Role “${role.name}” deleted.`}
        fallbackFocus={() => document.getElementById("page-title")}
      />
    </span>
  );
}

function RoleDialog({
  open,
  onClose,
  authorities,
  role,
}: {
  open: boolean;
  onClose: () => void;
  authorities: AuthorityChoice[];
  role?: RoleView;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={role ? `Edit role ${role.name}` : "Create role"} className="max-w-xl">
      {/* Mounted with the dialog: every opening starts from the saved values. */}
      <RoleFormBody authorities={authorities} role={role} onDone={onClose} />
    </Dialog>
  );
}

function RoleFormBody({ authorities, role, onDone }: { authorities: AuthorityChoice[]; role?: RoleView; onDone: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<RoleForm>({
    shouldFocusError: false,
    resolver: zodResolver(createRoleSchema) as never,
    defaultValues: { name: role?.name ?? "", description: role?.description ?? "", authorities: role?.authorities ?? [] },
  });
  const formRef = useFocusFirstError(submitCount);
  const idp = role ? `role-${role.id}` : "new-role";

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = role ? await updateRoleAction({ ...values, roleId: role.id }) : await createRoleAction(values);
    if (result.ok) {
      announce(role ? `Role “${values.name}” saved.` : `Role “${values.name}” created.`);
      return onDone();
    }
    if (!applyServerErrors(result.fieldErrors, setError, ["name", "description", "authorities"])) setFormError(result.message);
  });

  const authError = errorMessage(errors.authorities);

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id={`${idp}-name`} label="Name" required error={errors.name?.message} hint={`Unique; at most ${ROLE_NAME_MAX} characters.`}>
        {(wiring) => <input className={inputClass} autoComplete="off" {...wiring} {...register("name")} />}
      </Field>
      <Field id={`${idp}-description`} label="Description" error={errors.description?.message}>
        {(wiring) => <input className={inputClass} maxLength={ROLE_DESCRIPTION_MAX + 50} {...wiring} {...register("description")} />}
      </Field>
      <Controller
        control={control}
        name="authorities"
        render={({ field }) => {
          const value = (field.value ?? []) as string[];
          return (
            <FieldGroup id={`${idp}-authorities`} legend="Authorities" error={authError}>
              <ul className="mt-2 space-y-2">
                {authorities.map((a) => {
                  const id = `${idp}-auth-${a.code.replace(":", "-")}`;
                  return (
                    <li key={a.code} className="flex items-start gap-2 text-sm">
                      <input
                        id={id}
                        type="checkbox"
                        className="mt-0.5"
                        checked={value.includes(a.code)}
                        disabled={!a.held}
                        aria-describedby={`${id}-desc`}
                        onChange={(e) => field.onChange(e.target.checked ? [...value, a.code] : value.filter((v) => v !== a.code))}
                      />
                      <span>
                        <label htmlFor={id} className="font-medium">
                          {a.label}
                        </label>
                        <span id={`${id}-desc`} className="block text-xs text-ink-muted">
                          {a.description}
                          {a.held ? "" : " You do not hold this authority, so you cannot grant it."}
                        </span>
                      </span>
                    </li>
                  );
                })}
              </ul>
            </FieldGroup>
          );
        }}
      />
      <FormDialogActions
        error={formError}
        onCancel={onDone}
        busy={isSubmitting}
        label={role ? "Save role" : "Create role"}
        busyLabel="Saving…"
      />
    </form>
  );
}
