// Refusals onto a react-hook-form form: a server action's field errors go to their fields (tied
// to the controls by Field and FieldGroup), and after each submit the first refused control in
// reading order takes focus. React-hook-form's own focusing follows the order fields registered
// in, which is not the page's order once some controls render inside Field's render function, so
// forms turn it off (`shouldFocusError: false`) and use useFocusFirstError.
import { useEffect, useRef } from "react";
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
    setError(field, { message });
    placed = true;
  }
  return placed;
}

/**
 * Give the returned ref to the <form> and pass `formState.submitCount`: once a submit has ended
 * (refused in the browser or by the server) and its errors are on the page, the first control
 * marked aria-invalid takes focus; for a refused group (a fieldset), its first enabled choice.
 */
export function useFocusFirstError(submitCount: number) {
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (submitCount > 0) focusFirstInvalid(formRef.current);
  }, [submitCount]);
  return formRef;
}

const FOCUSABLE = "input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]";

function focusFirstInvalid(form: HTMLFormElement | null) {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!invalid) return;
  const target = invalid instanceof HTMLFieldSetElement ? invalid.querySelector<HTMLElement>(FOCUSABLE) : invalid;
  target?.focus();
}
