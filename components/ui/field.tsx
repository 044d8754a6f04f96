import type { ReactNode } from "react";

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
  /** A render function gets the wiring to spread on the control: `{(control) => <input {...control} />}`. */
  children: ReactNode | ((control: FieldControl) => ReactNode);
};

/** Label, control, hint and error, tied together by ids (aria-describedby, aria-invalid). */
export function Field({ id, label, required, hint, error, children }: Props) {
  const control: FieldControl = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, { hint: Boolean(hint), error }),
    "aria-required": required ? true : undefined,
  };
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-ink">
        {label}
        {required ? (
          <span aria-hidden="true" className="text-danger-600">
            *
          </span>
        ) : null}
      </label>
      {typeof children === "function" ? children(control) : children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-ink-muted">
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
    </div>
  );
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="text-sm text-danger-700">
      {error}
    </p>
  ) : null;
}

/** aria-describedby for a control with optional hint and error. */
export function describedBy(id: string, opts: { hint?: boolean; error?: string | undefined }): string | undefined {
  const ids = [opts.hint ? `${id}-hint` : null, opts.error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export const inputClass =
  "block w-full rounded-md border border-line bg-surface px-3 py-2 text-sm text-ink shadow-sm placeholder:text-ink-muted " +
  "aria-[invalid=true]:border-danger-600 disabled:bg-surface-sunken";
