import type { ReactNode } from "react";
import { cn } from "./cn";

/** What a control spreads to be tied to its label, hint and error. */
type FieldControl = {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
  "aria-required": true | undefined;
};

type Props = {
  id: string;
  label: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  className?: string;
  /** A render function gets the wiring to spread on the control: `{(control) => <input {...control} />}`. */
  children: (control: FieldControl) => ReactNode;
};

/** Label, control, hint and error, tied together by ids (aria-describedby, aria-invalid). */
export function Field({ id, label, required, hint, error, className, children }: Props) {
  const control: FieldControl = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, { hint: Boolean(hint), error }),
    "aria-required": required ? true : undefined,
  };
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
        <RequiredMark required={required} />
      </label>
      {children(control)}
      <FieldHint id={id} hint={hint} />
      <FieldError id={id} error={error} />
    </div>
  );
}

type GroupProps = {
  id: string;
  legend: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  className?: string;
  /** Shown above the choices (the hint is read with the group either way). */
  hintFirst?: boolean;
  children: ReactNode;
};

/**
 * A group of choices (checkboxes, radios) under a legend: the fieldset carries the hint and the
 * error (aria-describedby, aria-invalid), so each choice keeps its own label and description.
 * For focus after a refused submit, give the first choice react-hook-form's ref.
 */
export function FieldGroup({ id, legend, required, hint, error, className, hintFirst, children }: GroupProps) {
  return (
    <fieldset
      className={className}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, { hint: Boolean(hint), error })}
    >
      <legend className="text-sm font-medium text-ink">
        {legend}
        <RequiredMark required={required} />
      </legend>
      {hintFirst ? <FieldHint id={id} hint={hint} /> : null}
      {children}
      {hintFirst ? null : <FieldHint id={id} hint={hint} />}
      <FieldError id={id} error={error} className="mt-1" />
    </fieldset>
  );
}

function RequiredMark({ required }: { required?: boolean }) {
  return required ? (
    <span aria-hidden="true" className="text-danger-600">
      *
    </span>
  ) : null;
}

function FieldHint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <p id={`${id}-hint`} className="text-xs text-ink-muted">
      {hint}
    </p>
  ) : null;
}

export function FieldError({ id, error, className }: { id: string; error?: string; className?: string }) {
  return error ? (
    <p id={`${id}-error`} className={cn("text-sm text-danger-700", className)}>
      {error}
    </p>
  ) : null;
}

/** aria-describedby for a control with optional hint and error. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | undefined }): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** A react-hook-form error's message, also for array fields whose message sits on `root`. */
export function errorMessage(error: { message?: string; root?: { message?: string } } | undefined): string | undefined {
  return error?.message ?? error?.root?.message;
}

export const inputClass =
  "block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-muted " +
  "aria-[invalid=true]:border-danger-600 disabled:bg-surface-sunken";

/** The form's own refusal (not tied to one field), announced as it appears. */
export function FormError({ id, message }: { id?: string; message?: string }) {
  return (
    <div role="alert" aria-live="assertive" id={id} className="text-sm text-danger-700">
      {message}
    </div>
  );
}
