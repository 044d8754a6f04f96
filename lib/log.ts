// Server-side logging of unexpected errors. Anything shaped like a key is masked before it is
// written, in case an error message ever quotes one.
import { redactTokens } from "./keys/token";

export function logError(where: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ""}` : String(error);
  console.error(`[keydesk] ${where}: ${redactTokens(detail)}`);
}
