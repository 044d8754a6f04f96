// Every error code the API answers with, in one table: its HTTP status, its title, what it
// means and what to do (the documentation page's text), and an example detail (the OpenAPI
// document's examples). The problem responses (lib/api/problem.ts), the `code` enum of the
// Problem schema, the docs page and the examples are all derived from it.
import { IP_NOT_ALLOWED_MESSAGE, REFUSAL_MESSAGE } from "../keys/verify-api-key";

type ErrorCodeDefinition = {
  status: number;
  title: string;
  /** What happened and what to do about it (the documentation page). */
  meaning: string;
  /** A detail as the API writes it (the document's examples). */
  example: string;
};

export const ERROR_CODES = {
  invalid_key: {
    status: 401,
    title: "Invalid API key",
    meaning: "No key was sent, or it is malformed, unknown, or its secret is wrong. Send the whole secret key.",
    example: REFUSAL_MESSAGE.invalid_key,
  },
  key_expired: {
    status: 401,
    title: "API key expired",
    meaning: "The key is past its expiry date (a regenerated key's grace period has ended, too). Issue or regenerate a key.",
    example: REFUSAL_MESSAGE.key_expired,
  },
  key_revoked: {
    status: 401,
    title: "API key revoked",
    meaning: "The key was revoked, regenerated without grace, or cleared by an administrator. Issue a new key.",
    example: REFUSAL_MESSAGE.key_revoked,
  },
  key_inactive: {
    status: 401,
    title: "API key inactive",
    meaning: "The key's owner deactivated it. It works again once they activate it in the console or through the API.",
    example: REFUSAL_MESSAGE.key_inactive,
  },
  ip_not_allowed: {
    status: 403,
    title: "Address not allowed",
    meaning: "The key has an IP allowlist and your address is not on it. Call from an allowed address, or have its owner edit the list.",
    example: IP_NOT_ALLOWED_MESSAGE,
  },
  user_disabled: {
    status: 403,
    title: "Account disabled",
    meaning: "The key's owner is disabled. An administrator can enable the account again.",
    example: REFUSAL_MESSAGE.user_disabled,
  },
  api_access_disabled: {
    status: 403,
    title: "API access is off",
    meaning: "The owner's API access switch is off. Turn it on in the console.",
    example: REFUSAL_MESSAGE.api_access_disabled,
  },
  forbidden: {
    status: 403,
    title: "Not allowed",
    meaning: "The owner no longer holds “Use API keys”. Ask an administrator for a role that has it.",
    example: REFUSAL_MESSAGE.forbidden,
  },
  insufficient_scope: {
    status: 403,
    title: "Insufficient scope",
    meaning: "The key lacks the API set this endpoint needs (named in requiredApiSet). Use a key that carries it.",
    example: 'This key does not carry the "Read API keys" API set (keys:read).',
  },
  rate_limited: {
    status: 429,
    title: "Too many requests",
    meaning:
      "The key's own rate limit is spent for this window (RateLimit says when it starts again), too many failed authentications " +
      "came from your address, or too many leak reports did. Wait for Retry-After seconds.",
    example: "This key allows 100 requests per minute. Try again in 17 seconds.",
  },
  invalid_signature: {
    status: 403,
    title: "Invalid signature",
    meaning:
      "This Keydesk takes only signed leak reports, and the Github-Public-Key-Identifier / Github-Public-Key-Signature " +
      "headers are missing, name an unknown key or do not verify over the body. Nothing was changed.",
    example: "The report's signature does not verify with GitHub's secret scanning keys.",
  },
  malformed_request: {
    status: 400,
    title: "Malformed request",
    meaning: "The body is not valid JSON. Fix the body and send it again.",
    example: "The body is not valid JSON.",
  },
  invalid_query: {
    status: 400,
    title: "Invalid query parameter",
    meaning:
      "A query parameter is invalid (an unknown action, a date that is not YYYY-MM-DD, a limit out of range, a cursor this API " +
      "did not give out); errors lists each parameter and its message. Fix the query; to page on, send back nextCursor as it came.",
    example: "Enter the date as YYYY-MM-DD.",
  },
  validation_failed: {
    status: 422,
    title: "Validation failed",
    meaning: "A field is missing or invalid; errors lists each field and its message. Correct those fields.",
    example: "Check the highlighted fields.",
  },
  unsupported_media_type: {
    status: 415,
    title: "Unsupported media type",
    meaning: "The body is not sent as application/json. Send it with Content-Type: application/json.",
    example: "Send the body as application/json.",
  },
  payload_too_large: {
    status: 413,
    title: "Request body too large",
    meaning: "The body is larger than the operation takes (16 KiB; leak reports 256 KiB). Send less.",
    example: "The request body is larger than 16 KiB.",
  },
  not_found: {
    status: 404,
    title: "Not found",
    meaning: "No such path, or no such key of yours. Check the path and the client ID.",
    example: "You have no key with this client ID.",
  },
  method_not_allowed: {
    status: 405,
    title: "Method not allowed",
    meaning: "The path exists but not with this method; Allow lists the methods it takes.",
    example: "PUT is not allowed here. Allowed: GET, HEAD, POST, OPTIONS.",
  },
  conflict: {
    status: 409,
    title: "Conflict",
    meaning: "The change conflicts with the current state (a name in use, a key already revoked). Reload and decide again.",
    example: "You already have an active key with this name.",
  },
  key_limit_reached: {
    status: 409,
    title: "Key limit reached",
    meaning: "You already hold the most active keys the policy allows. Revoke one to issue another.",
    example: "You already have 3 active keys, the most allowed. Revoke one to issue another.",
  },
  unavailable: {
    status: 503,
    title: "Service unavailable",
    meaning: "The key store could not be reached. Retry after Retry-After seconds; nothing was changed.",
    example: "The key store is unavailable right now. Try again shortly.",
  },
  internal: {
    status: 500,
    title: "Internal error",
    meaning: "Something went wrong on the server and nothing was changed. Try again; if it persists, tell the administrator.",
    example: "Something went wrong and nothing was changed. Please try again.",
  },
} as const satisfies Record<string, ErrorCodeDefinition>;

export type ProblemCode = keyof typeof ERROR_CODES;

export const PROBLEM_CODES = Object.keys(ERROR_CODES) as [ProblemCode, ...ProblemCode[]];
