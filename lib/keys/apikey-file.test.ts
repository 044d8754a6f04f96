import { describe, expect, it } from "vitest";
import { apiKeyFileContent, apiKeyFileName } from "./apikey-file";

describe(".APIKEY file", () => {
  const data = {
    endpoint: "https://keys.example.com/api/v1",
    clientId: "AbCdEfGhIjKlMnOpQrSt",
    token: "kdk_AbCdEfGhIjKlMnOpQrSt_secret",
    name: "CI deploy",
    apiSets: ["profile:read", "keys:read"],
    createdAt: "2026-11-26T10:00:00.000Z",
    expiresAt: "2027-02-24T10:00:00.000Z",
  };

  it("holds endpoint, client id, secret, name, API sets and dates as CRLF plain text", () => {
    const text = apiKeyFileContent(data);
    expect(text).toContain("Endpoint:    https://keys.example.com/api/v1\r\n");
    expect(text).toContain("Client ID:   AbCdEfGhIjKlMnOpQrSt\r\n");
    expect(text).toContain("Secret key:  kdk_AbCdEfGhIjKlMnOpQrSt_secret\r\n");
    expect(text).toContain("Name:        CI deploy\r\n");
    expect(text).toContain("Read profile (profile:read), Read API keys (keys:read)");
    expect(text).toContain("Created:     2026-11-26 10:00 UTC");
    expect(text).toContain("Expires:     2027-02-24 10:00 UTC");
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("names the file after the key, safely", () => {
    expect(apiKeyFileName("CI deploy")).toBe("ci-deploy.APIKEY");
    expect(apiKeyFileName("../../etc/passwd")).toBe("etcpasswd.APIKEY");
    expect(apiKeyFileName("€€€")).toBe("keydesk-key.APIKEY");
  });
});
