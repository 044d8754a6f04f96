// What free text people type (names, descriptions) may contain. Refused: control characters,
// and the invisible characters that make a label read differently from what it is - bidi
// overrides and isolates, zero-width characters, line and paragraph separators - plus anything
// shaped like an API key, which has no business in a label (and would land in audit rows).
import type { z } from "zod";
import { looksLikeToken } from "./keys/token-shape";

const INVISIBLE_OR_CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]/;
const LINE_BREAKS = /[\n\r\t]/;

/** Why `text` is not acceptable as a label (single line unless `multiline`), or null. */
export function unsafeTextReason(text: string, options: { multiline?: boolean } = {}): string | null {
  if (!options.multiline && LINE_BREAKS.test(text)) return "Use a single line.";
  if (INVISIBLE_OR_CONTROL.test(text)) return "Remove control and invisible characters.";
  if (looksLikeToken(text)) return "This looks like an API key. Never put a secret in a name or description.";
  return null;
}

/** zod superRefine for labels: adds the reason as the field's message. */
export function refineSafeText(options: { multiline?: boolean } = {}) {
  return (value: string, ctx: z.RefinementCtx) => {
    const reason = unsafeTextReason(value, options);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  };
}
