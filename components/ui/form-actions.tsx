// The end of a form in a dialog: the form's own refusal (announced), then Cancel and the submit
// button, which stays focusable while the action runs (see Button's `busy`).
import { Button } from "./button";
import { DialogActions } from "./dialog";
import { FormError } from "./field";

type Props = {
  error?: string;
  onCancel: () => void;
  busy: boolean;
  label: string;
  busyLabel: string;
};

export function FormDialogActions({ error, onCancel, busy, label, busyLabel }: Props) {
  return (
    <>
      <FormError message={error} />
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? busyLabel : label}
        </Button>
      </DialogActions>
    </>
  );
}
