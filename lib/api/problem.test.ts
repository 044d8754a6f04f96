import { describe, expect, it } from "vitest";
import { KeydeskError } from "../errors";
import { PROBLEMS, problemFromDomainError, problemResponse } from "./problem";

describe("problemResponse", () => {
  it("writes RFC 9457 problem details with the code's status", async () => {
    const res = problemResponse("key_revoked", "This API key was revoked.", { instance: "/api/v1/me" });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({
      type: "/api/v1/problems/key_revoked",
      title: "API key revoked",
      status: 401,
      detail: "This API key was revoked.",
      code: "key_revoked",
      instance: "/api/v1/me",
    });
  });

  it("challenges every 401 (Bearer with error, and Basic) and names the scope on insufficient_scope", () => {
    for (const [code, { status }] of Object.entries(PROBLEMS)) {
      const res = problemResponse(code as keyof typeof PROBLEMS, "x", { requiredApiSet: "keys:read" });
      const challenge = res.headers.get("www-authenticate");
      if (status === 401) {
        expect(challenge).toContain('Bearer realm="Keydesk API", error="invalid_token"');
        expect(challenge).toContain('Basic realm="Keydesk API"');
      } else if (code === "insufficient_scope") {
        expect(challenge).toBe('Bearer realm="Keydesk API", error="insufficient_scope", scope="keys:read"');
      } else {
        expect(challenge).toBeNull();
      }
    }
    expect(problemResponse("invalid_key", "x", { noCredentials: true }).headers.get("www-authenticate")).not.toContain("error=");
  });

  it("keeps non-ASCII and quotes out of the header but not out of the body", async () => {
    const res = problemResponse("invalid_key", 'Bad "key" – café');
    expect(res.headers.get("www-authenticate")).toContain('error_description="Bad \\"key\\"  caf"');
    expect((await res.json()).detail).toBe('Bad "key" – café');
  });

  it("sets Retry-After", () => {
    expect(problemResponse("rate_limited", "wait", { retryAfterSeconds: 12 }).headers.get("retry-after")).toBe("12");
  });

  it("maps domain errors, with the field they concern", async () => {
    const res = problemFromDomainError(new KeydeskError("conflict", "Name taken.", { field: "name" }))!;
    expect(res.status).toBe(409);
    expect((await res.json()).errors).toEqual([{ field: "name", message: "Name taken." }]);
    expect(problemFromDomainError(new Error("boom"))).toBeNull();
    expect(problemFromDomainError(new KeydeskError("key_limit_reached", "Full."))!.status).toBe(409);
    expect(problemFromDomainError(new KeydeskError("forbidden", "No."))!.status).toBe(403);
  });
});
