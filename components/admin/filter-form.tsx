// The filter bar above an admin list: a GET form (the filters live in the URL, so a filtered
// list can be bookmarked and shared), its fields tied to their errors, Apply filters and Reset.
import Link from "next/link";
import type { InputHTMLAttributes, ReactNode } from "react";
import { z } from "zod";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, inputClass } from "@/components/ui/field";

type FormProps = {
  /** The page's own path; Reset links back to it. */
  action: string;
  label: string;
  /** Whether any filter is set (Reset is shown then). */
  filtered: boolean;
  /** Grid columns at the widest size, e.g. "lg:grid-cols-4". */
  columns: string;
  children: ReactNode;
};

export function FilterForm({ action, label, filtered, columns, children }: FormProps) {
  return (
    <form
      method="get"
      action={action}
      aria-label={label}
      className={cn("mb-4 grid gap-3 rounded-card border border-line-soft bg-surface p-4 sm:grid-cols-2 lg:items-end", columns)}
    >
      {children}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("secondary")}>
          Apply filters
        </button>
        {filtered ? (
          <Link href={action} className={buttonClass("ghost")}>
            Reset
          </Link>
        ) : null}
      </div>
    </form>
  );
}

type Option = { value: string; label: string };

type SelectProps = {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  options: readonly Option[];
  /** The first option, for no filter: "Any status". */
  all: string;
  error?: string;
};

export function FilterSelect({ id, name, label, value, options, all, error }: SelectProps) {
  return (
    <Field id={id} label={label} error={error}>
      {(wiring) => (
        <select name={name} defaultValue={value ?? ""} className={inputClass} {...wiring}>
          <option value="">{all}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "value" | "defaultValue"> & {
  id: string;
  name: string;
  label: string;
  value: string | undefined;
  error?: string;
};

export function FilterInput({ id, name, label, value, error, ...props }: InputProps) {
  return (
    <Field id={id} label={label} error={error}>
      {(wiring) => <input name={name} defaultValue={value ?? ""} className={inputClass} {...props} {...wiring} />}
    </Field>
  );
}

/** The first message per field of a refused filter parse, to show under each field. */
export function filterErrors<K extends string>(error: z.ZodError): Partial<Record<K, string>> {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[] | undefined>;
  return Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, v?.[0]])) as Partial<Record<K, string>>;
}

/** Shown instead of the list while a filter is refused. */
export function FilterRefused({ what = "the list" }: { what?: string }) {
  return (
    <p role="alert" className="rounded-card border border-danger-600 bg-danger-50 px-4 py-3 text-sm text-danger-700">
      Fix the highlighted filters to see {what}.
    </p>
  );
}
