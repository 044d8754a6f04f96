// Server-side logging. Unexpected errors are logged with their stack; anything shaped like a key
// is masked before it is written, in case an error message ever quotes one. Hostile or broken
// input a client sent is not an error of ours: it gets one short line without a stack, and at
// most HOSTILE_LINES_PER_MINUTE of those a minute per process (then one line saying how many
// were left out), so nobody can flood the log.
import { redactTokens } from "./keys/token-shape";

export function logError(where: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  console.error(`[keydesk] ${where}: ${redactTokens(detail)}`);
}

export const HOSTILE_LINES_PER_MINUTE = 20;
const MAX_LINE = 200;

let windowStart = 0;
let written = 0;
let suppressed = 0;

/** One short line about refused client input (`what` must not contain secrets; it is also masked). */
export function logRefusedInput(where: string, what: string, now = Date.now()): void {
  if (now - windowStart >= 60_000) {
    if (suppressed > 0) console.warn(`[keydesk] ${suppressed} more refused requests were not logged in the last minute`);
    windowStart = now;
    written = 0;
    suppressed = 0;
  }
  if (written >= HOSTILE_LINES_PER_MINUTE) {
    suppressed += 1;
    return;
  }
  written += 1;
  const line = redactTokens(`${where}: ${what}`)
    .replace(/[^\x20-\x7e]/g, "?")
    .slice(0, MAX_LINE);
  console.warn(`[keydesk] refused ${line}`);
}
