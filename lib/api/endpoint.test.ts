// The endpoint the API's responses name comes from configuration, or from trusted proxies'
// headers; a client's own Host or X-Forwarded-* never picks the host name.
import { afterEach, describe, expect, it } from "vitest";
import { apiEndpointFrom, configuredApiEndpoint } from "./endpoint";

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

describe("apiEndpointFrom (the console's pages)", () => {
  it("is absolute: the configured URL, else the host the console was reached at", () => {
    expect(apiEndpointFrom(new Headers({ host: "keys.internal:3000" }))).toBe("http://keys.internal:3000/api/v1");
    process.env.KEYDESK_API_URL = "https://api.keydesk.test/api/v1";
    expect(apiEndpointFrom(hostile)).toBe("https://api.keydesk.test/api/v1");
  });
});
