// The page policy: scripts only with the request's nonce, never inline or eval'd code in
// production; upgrade-insecure-requests over https; a fresh nonce every time. Device cookies
// take the __Host- prefix (Secure, whole site, no Domain) when served over https.
import { describe, expect, it } from "vitest";
import { deviceCookieName } from "../auth/device-cookie";
import { isHttpsRequest } from "../auth/request-meta";
import { contentSecurityPolicy, newNonce } from "./security-headers";

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only, with eval only on the development server", () => {
    const policy = contentSecurityPolicy("abc123");
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { https: true })).toContain("upgrade-insecure-requests");
    expect(contentSecurityPolicy("n", { dev: true })).toContain("'unsafe-eval'");
  });

  it("draws a new 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64")).toHaveLength(16);
  });
});

describe("https detection and cookie names", () => {
  it("goes by the forwarded protocol the console's server let through", () => {
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(isHttpsRequest(new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
    expect(isHttpsRequest(new Headers())).toBe(false);
    expect(deviceCookieName(true)).toBe("__Host-keydesk-device");
    expect(deviceCookieName(false)).toBe("keydesk-device");
  });
});
