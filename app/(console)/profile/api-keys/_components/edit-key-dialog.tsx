"use client";
// The Edit dialog of a key's page: name, description, IP allowlist, and its API sets, which can
// only be removed (a wider key is a new key). The expiry is not editable here.
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog";
import { errorMessage, Field, FieldGroup, inputClass } from "@/components/ui/field";
import { FormDialogActions } from "@/components/ui/form-actions";
import { applyServerErrors, useFocusFirstError } from "@/components/ui/form-errors";
import { announce } from "@/components/ui/toaster";
import { apiSetLabel } from "@/lib/keys/api-sets";
import type { ApiKeyView } from "@/lib/keys/key-view";
import { type EditKeyForm as EditKeyFields, type EditKeyInput, editKeySchema, KEY_DESCRIPTION_MAX, KEY_NAME_MAX } from "@/lib/keys/schemas";
import { editKeyAction } from "../actions";
import { IpAllowlistField } from "./ip-allowlist-field";

type Props = { target: ApiKeyView | null; onClose: () => void };

export function EditKeyDialog({ target, onClose }: Props) {
  return (
    <Dialog
      open={target !== null}
      onClose={onClose}
      title="Edit API key"
      className="max-w-2xl"
      description="Changes take effect everywhere within a second. API sets can only be removed, and the expiry cannot be extended."
    >
      {target ? <EditKeyForm target={target} onClose={onClose} /> : null}
    </Dialog>
  );
}

function EditKeyForm({ target, onClose }: { target: ApiKeyView; onClose: () => void }) {
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<EditKeyFields, unknown, EditKeyInput>({
    shouldFocusError: false,
    resolver: zodResolver(editKeySchema),
    defaultValues: {
      keyId: target.id,
      name: target.name,
      description: target.description,
      apiSets: target.apiSets,
      ipAllowlist: target.ipAllowlist.join("\n"),
    },
  });
  const formRef = useFocusFirstError(submitCount);

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    // The console does not edit the expiry.
    const { expiresAt: _, ...fields } = values;
    const result = await editKeyAction(fields);
    if (result.ok) {
      onClose();
      announce(`“${result.data.name}” saved.`);
      return;
    }
    if (!applyServerErrors(result.fieldErrors, setError, ["name", "description", "apiSets", "ipAllowlist"])) setFormError(result.message);
  });

  const err = {
    name: errors.name?.message,
    description: errors.description?.message,
    apiSets: errorMessage(errors.apiSets as { message?: string; root?: { message?: string } } | undefined),
    ipAllowlist: errors.ipAllowlist?.message,
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <Field
        id="edit-key-name"
        label="Name"
        required
        error={err.name}
        hint={`Unique among your active keys; at most ${KEY_NAME_MAX} characters.`}
      >
        {(control) => <input className={inputClass} autoComplete="off" {...control} {...register("name")} />}
      </Field>
      <Field id="edit-key-description" label="Description" error={err.description} hint="Optional: what uses this key.">
        {(control) => (
          <textarea rows={2} maxLength={KEY_DESCRIPTION_MAX + 50} className={inputClass} {...control} {...register("description")} />
        )}
      </Field>
      <FieldGroup
        id="edit-key-api-sets"
        legend="API sets"
        error={err.apiSets}
        hintFirst
        hint="Untick a set to remove it from this key. Sets cannot be added: issue a new key for more."
      >
        <div className="mt-2 space-y-2">
          {target.apiSets.map((code) => (
            <label key={code} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={code} {...register("apiSets")} />
              {apiSetLabel(code)} <code className="font-mono text-xs text-ink-muted">{code}</code>
            </label>
          ))}
        </div>
      </FieldGroup>
      <IpAllowlistField id="edit-key-ip-allowlist" error={err.ipAllowlist} registration={register("ipAllowlist")} />
      <FormDialogActions error={formError} onCancel={onClose} busy={isSubmitting} label="Save changes" busyLabel="Saving…" />
    </form>
  );
}
