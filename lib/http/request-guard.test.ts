// The console server's first line: methods nothing serves get 405, server-action posts with a
// foreign, missing or malformed Origin or a malformed action id get 403/400, everything else
// passes untouched to Next.js.
import { describe, expect, it } from "vitest";
import { refuseHostileRequest } from "./request-guard";

const ACTION = "7f".padEnd(42, "0");
const action = (headers: Record<string, string>) =>
  refuseHostileRequest({ method: "POST", url: "/profile", headers: { host: "keys.example.com", "next-action": ACTION, ...headers } });

describe("refuseHostileRequest", () => {
  it("answers 405 with Allow for methods a path cannot serve", () => {
    for (const method of ["TRACE", "PROPFIND", "MKCOL", "LOCK", "FOO"]) {
      expect(refuseHostileRequest({ method, url: "/api/v1/me", headers: {} }), method).toMatchObject({
        status: 405,
        headers: { Allow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
      });
    }
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]) {
      expect(refuseHostileRequest({ method, url: "/profile?x=1", headers: {} })?.status, method).toBe(405);
    }
    for (const method of ["GET", "HEAD", "POST"]) expect(refuseHostileRequest({ method, url: "/profile", headers: {} })).toBeNull();
    expect(refuseHostileRequest({ method: "DELETE", url: "/api/v1/keys/x", headers: {} })).toBeNull();
  });

  it("refuses server-action posts from another origin, without one, or with a malformed one", () => {
    expect(action({ origin: "https://evil.example" })).toMatchObject({ status: 403 });
    expect(action({ origin: "https://keys.example.com.evil.example" })).toMatchObject({ status: 403 });
    expect(action({})).toMatchObject({ status: 403 });
    for (const origin of ["::::", "null", "https://", "%%%"]) expect(action({ origin })?.status, origin).toBe(400);
    expect(action({ origin: "https://KEYS.example.com" })).toBeNull();
    // Behind a trusted proxy the console's server keeps X-Forwarded-Host; it is what Next.js compares.
    expect(action({ origin: "https://public.example", "x-forwarded-host": "public.example" })).toBeNull();
  });

  it("refuses malformed action ids and passes ordinary posts", () => {
    for (const id of ["abc", "x".repeat(42), `${ACTION}0`, ""]) {
      expect(action({ origin: "https://keys.example.com", "next-action": id })?.status, id).toBe(400);
    }
    expect(
      refuseHostileRequest({ method: "POST", url: "/api/auth/callback/credentials", headers: { origin: "https://evil.example" } }),
    ).toBeNull();
  });

  it("answers in problem+json, never cached, and logs one short line", () => {
    const r = action({ origin: "https://evil.example" });
    expect(r?.headers["Content-Type"]).toBe("application/problem+json");
    expect(JSON.parse(r?.body ?? "")).toEqual({ type: "about:blank", title: "Forbidden", status: 403 });
    expect(r?.log).toBe("server action from a foreign Origin");
  });
});
