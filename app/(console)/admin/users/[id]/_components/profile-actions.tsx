"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
// Edit profile (name, email) and Disable / Enable user, each in its own dialog.
import { announce } from "@/components/ui/toaster";
import { type UpdateUserProfileForm, updateUserProfileSchema } from "@/lib/users/schemas";
import { resetUserPasswordAction, setUserDisabledAction, updateUserProfileAction } from "../../actions";

type User = { id: string; name: string; email: string; disabled: boolean };

export function ProfileActions({ user, isSelf }: { user: User; isSelf: boolean }) {
  const [editing, setEditing] = useState(false);
  const [toggling, setToggling] = useState(false);
  const [resetting, setResetting] = useState(false);
  const [newPassword, setNewPassword] = useState<string | null>(null);
  return (
    <div className="flex flex-wrap gap-2">
      <Button onClick={() => setEditing(true)}>Edit profile</Button>
      {isSelf ? null : <Button onClick={() => setResetting(true)}>Reset password</Button>}
      {isSelf ? null : user.disabled ? (
        <Button onClick={() => setToggling(true)}>Enable user</Button>
      ) : (
        <Button variant="danger" onClick={() => setToggling(true)}>
          Disable user
        </Button>
      )}
      <EditProfileDialog open={editing} onClose={() => setEditing(false)} user={user} />
      <ConfirmDialog
        open={toggling}
        onClose={() => setToggling(false)}
        title={user.disabled ? `Enable ${user.name}?` : `Disable ${user.name}?`}
        description={
          user.disabled
            ? `${user.name} can sign in again, and their keys that are neither revoked nor expired work again while API access is on.`
            : `${user.name} is signed out at their next request and cannot sign in, and none of their API keys authenticate until the account is enabled again. Nothing is revoked.`
        }
        variant={user.disabled ? "primary" : "danger"}
        confirmLabel={user.disabled ? "Enable user" : "Disable user"}
        busyLabel={user.disabled ? "Enabling…" : "Disabling…"}
        doneMessage={() => (user.disabled ? `${user.name} is enabled again.` : `${user.name} is disabled and signed out.`)}
        run={() => setUserDisabledAction({ userId: user.id, disabled: !user.disabled })}
      />
      <ConfirmDialog
        open={resetting}
        onClose={() => setResetting(false)}
        title={`Reset the password of ${user.name}?`}
        description={`Keydesk generates a new password and shows it to you once. ${user.name}'s old password stops working and they are signed out everywhere. Their API keys are not affected.`}
        variant="danger"
        confirmLabel="Reset password"
        busyLabel="Resetting…"
        run={() => resetUserPasswordAction({ userId: user.id })}
        onDone={(result) => setNewPassword(result.generatedPassword)}
      />
      {newPassword ? <NewPasswordDialog user={user} password={newPassword} onClose={() => setNewPassword(null)} /> : null}
    </div>
  );
}

// The generated password, shown once: hand it over by a safe channel.
function NewPasswordDialog({ user, password, onClose }: { user: User; password: string; onClose: () => void }) {
  return (
    <Dialog
      open
      onClose={onClose}
      dismissible={false}
      title={`New password for ${user.name}`}
      description="It is shown only now. Give it to them over a safe channel."
    >
      <CopyField label="New password" value={password} />
      <DialogActions>
        <Button variant="primary" onClick={onClose}>
          Done
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function EditProfileDialog({ open, onClose, user }: { open: boolean; onClose: () => void; user: User }) {
  return (
    <Dialog open={open} onClose={onClose} title="Edit profile">
      {/* Mounted with the dialog: every opening starts from the saved values. */}
      <EditProfileForm user={user} onDone={onClose} />
    </Dialog>
  );
}

function EditProfileForm({ user, onDone }: { user: User; onDone: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<UpdateUserProfileForm>({
    shouldFocusError: false,
    resolver: zodResolver(updateUserProfileSchema) as never,
    defaultValues: { userId: user.id, name: user.name, email: user.email },
  });
  const formRef = useFocusFirstError(submitCount);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await updateUserProfileAction(values);
    if (result.ok) {
      announce("Profile saved.");
      return onDone();
    }
    if (!applyServerErrors(result.fieldErrors, setError, ["name", "email"])) setFormError(result.message);
  });

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <Field id="edit-user-name" label="Name" required error={errors.name?.message}>
        {(control) => <input className={inputClass} {...control} {...register("name")} />}
      </Field>
      <Field id="edit-user-email" label="Email" required error={errors.email?.message}>
        {(control) => <input type="email" className={inputClass} {...control} {...register("email")} />}
      </Field>
      <FormDialogActions error={formError} onCancel={onDone} busy={isSubmitting} label="Save" busyLabel="Saving…" />
    </form>
  );
}
