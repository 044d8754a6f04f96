// Domain errors with stable codes. Server actions turn them into form messages, the API into
// problem+json. Messages are written for the person who caused them and never contain secrets.

export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "validation_failed"
  | "conflict"
  | "key_limit_reached"
  | "api_access_disabled"
  | "user_disabled"
  | "invalid_key"
  | "key_expired"
  | "key_revoked"
  | "insufficient_scope"
  | "rate_limited";

export class KeydeskError extends Error {
  readonly code: ErrorCode;
  /** Form field the message belongs to, when there is one. */
  readonly field?: string;

  constructor(code: ErrorCode, message: string, options: { field?: string } = {}) {
    super(message);
    this.name = "KeydeskError";
    this.code = code;
    this.field = options.field;
  }
}

export function isKeydeskError(error: unknown): error is KeydeskError {
  return error instanceof KeydeskError;
}

export const notFound = (what: string) => new KeydeskError("not_found", `${what} was not found.`);
export const forbidden = (message = "You do not have the right permissions; ask an administrator.") =>
  new KeydeskError("forbidden", message);
