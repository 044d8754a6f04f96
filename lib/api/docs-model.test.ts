import { describe, expect, it } from "vitest";
import { API_SET_CODES } from "../keys/api-sets";
import { openApiDocument } from "./app";
import { buildDocsModel, curlLine, type OpenApiDocument } from "./docs-model";

describe("buildDocsModel", () => {
  const model = buildDocsModel(openApiDocument("https://keys.example.com/api/v1") as unknown as OpenApiDocument);
  const ops = model.groups.flatMap((g) => g.operations);

  it("lists every operation of the document, grouped by tag", () => {
    expect(ops.map((o) => `${o.method} ${o.path}`).sort()).toEqual([
      "DELETE /keys/{clientId}",
      "DELETE /webhooks/{id}",
      "GET /audit",
      "GET /health",
      "GET /keys",
      "GET /keys/{clientId}",
      "GET /keys/{clientId}/usage",
      "GET /me",
      "GET /openapi.json",
      "GET /problems/{code}",
      "GET /webhooks",
      "GET /webhooks/{id}",
      "GET /webhooks/{id}/deliveries",
      "PATCH /keys/{clientId}",
      "PATCH /webhooks/{id}",
      "POST /keys",
      "POST /keys/{clientId}/activate",
      "POST /keys/{clientId}/deactivate",
      "POST /leaks",
      "POST /verify",
      "POST /webhooks",
      "POST /webhooks/{id}/deliveries/{eventId}/redeliver",
      "POST /webhooks/{id}/rotate-secret",
      "POST /webhooks/{id}/test",
    ]);
    expect(model.groups.map((g) => g.tag)).toEqual(["Account", "Keys", "Webhooks", "Audit", "Verification", "Leak reports", "Meta"]);
  });

  it("offers no API set that unlocks nothing: every set the New API key dialog lists is some operation's", () => {
    const used = new Set(ops.map((o) => o.apiSet).filter(Boolean));
    expect([...used].sort()).toEqual([...API_SET_CODES].sort());
  });

  it("shows query parameters with their type and place", () => {
    const audit = ops.find((o) => o.id === "listAuditEvents")!;
    expect(audit.apiSet).toBe("audit:read");
    expect(audit.parameters.map((p) => `${p.name}: ${p.type}`)).toEqual([
      "action: AuditAction (in query)",
      "from: string (in query)",
      "to: string (in query)",
      "cursor: string (in query)",
      "limit: integer (in query)",
    ]);
    expect(ops.find((o) => o.id === "getKeyUsage")!.responses.map((r) => r.status)).toEqual(
      expect.arrayContaining(["200", "400", "401", "403", "404", "422"]),
    );
  });

  it("gives examples, API sets and curl lines against the reader's endpoint", () => {
    const issue = ops.find((o) => o.id === "issueKey")!;
    expect(issue.apiSet).toBe("keys:write");
    expect(JSON.parse(issue.body!.example)).toMatchObject({ name: "Reporting job", expiresIn: "90d" });
    expect(issue.body!.fields.map((f) => f.name)).toEqual([
      "name",
      "description",
      "apiSets",
      "expiresIn",
      "customDate",
      "ipAllowlist",
      "rateLimitRequests",
      "rateLimitPer",
    ]);
    expect(issue.curl).toBe(
      [
        "curl -sS -X POST 'https://keys.example.com/api/v1/keys'",
        '  -H "Authorization: Bearer $KEYDESK_API_KEY"',
        "  -H 'Content-Type: application/json'",
        `  -d '${JSON.stringify(JSON.parse(issue.body!.example))}'`,
      ].join(" \\\n"),
    );
    expect(issue.responses.find((r) => r.status === "201")!.examples[0].json).toContain("secretKey");
    const verify = ops.find((o) => o.id === "verifyKey")!;
    expect(verify.responses.find((r) => r.status === "200")!.examples.map((e) => e.title)).toEqual([
      "A valid key",
      "A key whose rate limit is spent (consumeRateLimit: true)",
      "A revoked key",
      "An unknown key or a wrong secret",
    ]);
    const revoke = ops.find((o) => o.id === "revokeKey")!;
    expect(revoke.curl).toMatch(/^curl -sS -X DELETE 'https:\/\/keys\.example\.com\/api\/v1\/keys\/[0-9A-Za-z]{20}'/);
    expect(ops.find((o) => o.id === "getHealth")!.curl).toBe("curl -sS 'https://keys.example.com/api/v1/health'");
  });

  it("documents every error code", () => {
    expect(model.errors.map((e) => e.code)).toEqual(
      expect.arrayContaining([
        "invalid_key",
        "key_expired",
        "key_revoked",
        "api_access_disabled",
        "user_disabled",
        "insufficient_scope",
        "rate_limited",
        "validation_failed",
      ]),
    );
  });
});

describe("curlLine", () => {
  it("quotes for the shell", () => {
    expect(curlLine("POST", "https://x/api/v1/verify", true, `{"key":"it's"}`).split(" \\\n  ")).toEqual([
      "curl -sS -X POST 'https://x/api/v1/verify'",
      '-H "Authorization: Bearer $KEYDESK_API_KEY"',
      "-H 'Content-Type: application/json'",
      `-d '{"key":"it'\\''s"}'`,
    ]);
  });
});
