// RFC 9457 problem details for every error the API returns: a stable `code` clients can branch
// on, the HTTP status it always comes with, a human `detail`, and for authentication failures
// the WWW-Authenticate challenge (RFC 6750 for Bearer, RFC 7617 for Basic).
import { type ErrorCode, isKeydeskError } from "../errors";

export type ProblemCode =
  | "invalid_key"
  | "key_expired"
  | "key_revoked"
  | "user_disabled"
  | "api_access_disabled"
  | "forbidden"
  | "insufficient_scope"
  | "rate_limited"
  | "validation_failed"
  | "malformed_request"
  | "unsupported_media_type"
  | "payload_too_large"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "key_limit_reached"
  | "unavailable"
  | "internal";

type ProblemDefinition = { status: number; title: string };

export const PROBLEMS: Record<ProblemCode, ProblemDefinition> = {
  invalid_key: { status: 401, title: "Invalid API key" },
  key_expired: { status: 401, title: "API key expired" },
  key_revoked: { status: 401, title: "API key revoked" },
  user_disabled: { status: 403, title: "Account disabled" },
  api_access_disabled: { status: 403, title: "API access is off" },
  forbidden: { status: 403, title: "Not allowed" },
  insufficient_scope: { status: 403, title: "Insufficient scope" },
  rate_limited: { status: 429, title: "Too many failed attempts" },
  malformed_request: { status: 400, title: "Malformed request" },
  validation_failed: { status: 422, title: "Validation failed" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  payload_too_large: { status: 413, title: "Request body too large" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  key_limit_reached: { status: 409, title: "Key limit reached" },
  unavailable: { status: 503, title: "Service unavailable" },
  internal: { status: 500, title: "Internal error" },
};

export const PROBLEM_CODES = Object.keys(PROBLEMS) as [ProblemCode, ...ProblemCode[]];

const PROBLEM_CONTENT_TYPE = "application/problem+json";
const API_REALM = "Keydesk API";

/** Where each code is explained (the documentation page, resolved against the API's origin). */
function problemType(code: ProblemCode): string {
  return `/docs/api#error-${code}`;
}

type FieldError = { field: string; message: string };

type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: FieldError[];
  /** insufficient_scope: the API set the endpoint needs. */
  requiredApiSet?: string;
};

export type ProblemOptions = {
  instance?: string;
  errors?: FieldError[];
  requiredApiSet?: string;
  retryAfterSeconds?: number;
  /** 401 without any credentials sent: the challenge carries no error (RFC 6750 §3.1). */
  noCredentials?: boolean;
  headers?: Record<string, string>;
};

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

export function problemResponse(code: ProblemCode, detail: string, options: ProblemOptions = {}): Response {
  const { status, title } = PROBLEMS[code];
  const body: Problem = { type: problemType(code), title, status, detail, code };
  if (options.instance) body.instance = options.instance;
  if (options.errors?.length) body.errors = options.errors;
  if (options.requiredApiSet) body.requiredApiSet = options.requiredApiSet;
  const headers = new Headers({ "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...options.headers });
  if (status === 401) {
    headers.append(
      "WWW-Authenticate",
      options.noCredentials
        ? `Bearer realm=${quote(API_REALM)}`
        : `Bearer realm=${quote(API_REALM)}, error="invalid_token", error_description=${quote(detail.replace(/[^\x20-\x7e]/g, ""))}`,
    );
    headers.append("WWW-Authenticate", `Basic realm=${quote(API_REALM)}, charset="UTF-8"`);
  } else if (code === "insufficient_scope" && options.requiredApiSet) {
    headers.append(
      "WWW-Authenticate",
      `Bearer realm=${quote(API_REALM)}, error="insufficient_scope", scope=${quote(options.requiredApiSet)}`,
    );
  }
  if (options.retryAfterSeconds !== undefined) headers.set("Retry-After", String(options.retryAfterSeconds));
  return new Response(JSON.stringify(body), { status, headers });
}

const FROM_DOMAIN: Partial<Record<ErrorCode, ProblemCode>> = {
  not_found: "not_found",
  validation_failed: "validation_failed",
  conflict: "conflict",
  key_limit_reached: "key_limit_reached",
  api_access_disabled: "api_access_disabled",
  user_disabled: "user_disabled",
  invalid_key: "invalid_key",
  key_expired: "key_expired",
  key_revoked: "key_revoked",
  insufficient_scope: "insufficient_scope",
  rate_limited: "rate_limited",
  forbidden: "forbidden",
  unauthenticated: "invalid_key",
};

/** The problem for an error thrown by lib/ (KeydeskError), or null for anything else. */
export function problemFromDomainError(error: unknown, instance?: string): Response | null {
  if (!isKeydeskError(error)) return null;
  const code = FROM_DOMAIN[error.code] ?? "internal";
  return problemResponse(code, error.message, {
    instance,
    errors: error.field ? [{ field: error.field, message: error.message }] : undefined,
  });
}
