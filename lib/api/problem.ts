// RFC 9457 problem details for every error the API returns: a stable `code` clients can branch
// on, the HTTP status it always comes with, a human `detail`, and for authentication failures
// the WWW-Authenticate challenge (RFC 6750 for Bearer, RFC 7617 for Basic).
import { type ErrorCode, isKeydeskError } from "../errors";
import { API_PATH } from "./endpoint";
import { ERROR_CODES, type ProblemCode } from "./error-codes";
import { newResponse } from "./response";

export { PROBLEM_CODES, type ProblemCode } from "./error-codes";

/** Status and title of every code (lib/api/error-codes.ts). */
export const PROBLEMS: Record<ProblemCode, { status: number; title: string }> = ERROR_CODES;

const PROBLEM_CONTENT_TYPE = "application/problem+json";
const API_REALM = "Keydesk API";

/**
 * Where each code is explained: GET <endpoint>/problems/<code>, which every process serving the
 * API answers (lib/api/routes/meta.ts). `base` is the configured endpoint, or the bare path,
 * which resolves against whichever process answered.
 */
export function problemType(code: ProblemCode, base: string = API_PATH): string {
  return `${base}/problems/${code}`;
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
  /** The API endpoint the `type` link starts with (lib/api/endpoint.ts). */
  base?: string;
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
  const body: Problem = { type: problemType(code, options.base), title, status, detail, code };
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
  return newResponse(JSON.stringify(body), { status, headers });
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
export function problemFromDomainError(error: unknown, instance?: string, base?: string): Response | null {
  if (!isKeydeskError(error)) return null;
  const code = FROM_DOMAIN[error.code] ?? "internal";
  return problemResponse(code, error.message, {
    instance,
    base,
    errors: error.field ? [{ field: error.field, message: error.message }] : undefined,
  });
}

/** Thrown by a handler to answer with a problem (the application's error handler writes it). */
export class ProblemError extends Error {
  constructor(
    readonly code: ProblemCode,
    message: string,
  ) {
    super(message);
  }
}
