// What free text people type (names, descriptions) may contain, on the console and the API alike.
// Refused, by Unicode property rather than by a list that would age: malformed UTF-16 (lone
// surrogates, which no database stores faithfully), controls (Cc), format characters (Cf: bidi
// overrides, zero-width joiners, tags), private use (Co), unassigned code points (Cn, as of this
// runtime's Unicode version), default-ignorable code points (invisible fillers, variation
// selectors) and line/paragraph separators - everything that makes a label read differently
// from what it is - plus anything shaped like an API key, which has no business in a label (and
// would land in audit rows). Multi-line fields may hold line breaks and tabs.
import type { z } from "zod";
import { looksLikeToken } from "./keys/token-shape";

const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]/u;
const LINE_BREAKS = /[\n\r\t]/;
const LINE_BREAKS_ALL = /[\n\r\t]/g;

/** Why `text` is not acceptable as a label (single line unless `multiline`), or null. */
export function unsafeTextReason(text: string, options: { multiline?: boolean } = {}): string | null {
  if (LONE_SURROGATE.test(text)) return "Remove malformed characters.";
  if (!options.multiline && LINE_BREAKS.test(text)) return "Use a single line.";
  if (INVISIBLE_OR_CONTROL.test(options.multiline ? text.replace(LINE_BREAKS_ALL, "") : text)) {
    return "Remove control and invisible characters.";
  }
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
