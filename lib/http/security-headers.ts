// The browser-facing security headers of the console, in one place: a Content-Security-Policy
// with a fresh nonce per request (set by proxy.ts on the request, where Next.js reads it and
// stamps it on its own scripts, and on the response), and HSTS when served over https. The
// static ones (nosniff, framing, referrer, permissions) are in next.config.mjs. Free of
// framework imports.
import values from "./security-headers.json";

/** Features the console never uses, switched off for it and anything it might embed; and HSTS. */
export const PERMISSIONS_POLICY: string = values.permissionsPolicy;
export const HSTS: string = values.hsts;

/** 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page CSP: scripts only with this request's nonce (and what they load: 'strict-dynamic'),
 * never inline or eval'd code. The development server needs eval for fast refresh.
 */
export function contentSecurityPolicy(nonce: string, options: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
