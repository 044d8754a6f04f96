// A server action's field errors onto a react-hook-form form: each message goes to its field
// (tied to the control by the Field component), the first such field takes focus.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

type FieldErrors = Record<string, string[] | undefined> | undefined;

/** True when at least one error belonged to one of `fields`; otherwise show the action's message. */
export function applyServerErrors<T extends FieldValues>(
  fieldErrors: FieldErrors,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  let placed = false;
  for (const field of fields) {
    const message = fieldErrors?.[field]?.[0];
    if (!message) continue;
    setError(field, { message }, { shouldFocus: !placed });
    placed = true;
  }
  return placed;
}
