// The endpoint the API's responses name comes from configuration, or from trusted proxies'
// headers; a client's own Host or X-Forwarded-* never picks the host name.
import { afterEach, describe, expect, it } from "vitest";
import { absoluteEndpoint, configuredApiEndpoint, withAbsoluteEndpoint } from "./endpoint";

const hostile = new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

afterEach(() => {
  delete process.env.KEYDESK_API_URL;
});

describe("configuredApiEndpoint", () => {
  it("is KEYDESK_API_URL when set, whatever the request says", () => {
    process.env.KEYDESK_API_URL = "https://api.keydesk.test/api/v1/";
    expect(configuredApiEndpoint(hostile, false)).toBe("https://api.keydesk.test/api/v1");
    expect(configuredApiEndpoint(hostile, true)).toBe("https://api.keydesk.test/api/v1");
  });

  it("is the bare path behind no trusted proxy, and the proxies' host behind trusted ones", () => {
    expect(configuredApiEndpoint(hostile, false)).toBe("/api/v1");
    expect(configuredApiEndpoint(hostile, true)).toBe("https://evil.example/api/v1");
    expect(configuredApiEndpoint(new Headers({ host: "api.internal:8080" }), true)).toBe("http://api.internal:8080/api/v1");
    expect(configuredApiEndpoint(new Headers({ "x-forwarded-host": "a b<c>" }), true)).toBe("http://abc/api/v1");
  });
});

describe("absoluteEndpoint (the console's pages, in the browser)", () => {
  it("keeps a configured URL and resolves a bare path against the page's own address", () => {
    expect(absoluteEndpoint("https://api.keydesk.test/api/v1", "http://localhost:3000/profile/api-keys")).toBe(
      "https://api.keydesk.test/api/v1",
    );
    expect(absoluteEndpoint("/api/v1", "http://keys.internal:3000/profile/api-keys?x=1")).toBe("http://keys.internal:3000/api/v1");
    expect(absoluteEndpoint("/api/v1", "https://[2001:db8::1]:8443/docs/api#keys")).toBe("https://[2001:db8::1]:8443/api/v1");
    expect(absoluteEndpoint("/api/v1", "not a url")).toBe("/api/v1");
  });

  it("makes a page's curl lines absolute, and only their URLs", () => {
    const curl = `curl -sS -X POST '/api/v1/keys' \\\n  -d '{"endpoint":"/api/v1"}'`;
    expect(withAbsoluteEndpoint(curl, "/api/v1", "https://keys.example.com/api/v1")).toBe(
      `curl -sS -X POST 'https://keys.example.com/api/v1/keys' \\\n  -d '{"endpoint":"/api/v1"}'`,
    );
    expect(withAbsoluteEndpoint(curl, "https://a.test/api/v1", "https://a.test/api/v1")).toBe(curl);
  });
});
