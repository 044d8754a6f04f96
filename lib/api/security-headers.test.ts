import { describe, expect, it } from "vitest";
import { HSTS } from "../http/security-headers";
import { createApiApp } from "./app";
import { RateLimits } from "./rate-limits";

const unused = () => {
  throw new Error("not needed without a key");
};
const app = createApiApp({
  verifier: { verify: unused },
  usage: { record: unused, refused: unused },
  limiter: { retryAfter: unused, fail: unused },
  clientIp: () => null,
  rateLimits: new RateLimits(),
  leakKeys: null,
  endpoint: () => "https://keys.example.com/api/v1",
});

describe("the API's security headers", () => {
  it("are on answers, problems, 404s, 405s and OPTIONS, with HSTS only over https", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/health"],
      ["HEAD", "/api/v1/health"],
      ["GET", "/api/v1/nothing-here"],
      ["PUT", "/api/v1/health"],
      ["OPTIONS", "/api/v1/verify"],
    ] as const) {
      for (const origin of ["http://keys.example.com", "https://keys.example.com"]) {
        const res = await app.request(`${origin}${path}`, { method });
        expect(res.headers.get("x-content-type-options"), `${method} ${path}`).toBe("nosniff");
        expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
        expect(res.headers.get("permissions-policy")).toContain("camera=()");
        expect(res.headers.get("strict-transport-security")).toBe(origin.startsWith("https:") ? HSTS : null);
      }
    }
    const viaProxy = await app.request("http://keys.example.com/api/v1/health", { headers: { "x-forwarded-proto": "https" } });
    expect(viaProxy.headers.get("strict-transport-security")).toBe(HSTS);
  });
});
