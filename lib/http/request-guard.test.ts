// The console server's first line: methods nothing serves get 405, server-action posts with a
// foreign, missing or malformed Origin or a malformed action id get 403/400, an id the build has
// no action for 409, everything else passes untouched to Next.js.
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

  it("answers ids the build has no action for with 409 and Next.js's not-found header, once the Origin checks pass", () => {
    const known = new Set([ACTION]);
    const post = (id: string, origin = "https://keys.example.com") =>
      refuseHostileRequest({ method: "POST", url: "/login", headers: { host: "keys.example.com", origin, "next-action": id } }, known);
    expect(post(ACTION)).toBeNull();
    const unknown = post("40".padEnd(42, "1"));
    expect(unknown).toMatchObject({ status: 409, log: "server action with an unknown id" });
    expect(unknown?.headers["x-nextjs-action-not-found"]).toBe("1");
    expect(post("40".padEnd(42, "1"), "https://evil.example")?.status).toBe(403);
    expect(post("abc")?.status).toBe(400);
    // Without the build's ids only the shape is checked.
    expect(
      refuseHostileRequest({
        method: "POST",
        url: "/login",
        headers: { host: "keys.example.com", origin: "https://keys.example.com", "next-action": "40".padEnd(42, "1") },
      }),
    ).toBeNull();
  });

  it("answers in problem+json, never cached, and logs one short line", () => {
    const r = action({ origin: "https://evil.example" });
    expect(r?.headers["Content-Type"]).toBe("application/problem+json");
    expect(JSON.parse(r?.body ?? "")).toEqual({ type: "about:blank", title: "Forbidden", status: 403 });
    expect(r?.log).toBe("server action from a foreign Origin");
  });
});
