// The dedicated API process sends the same security headers as the console's mount on every
// response, success or refusal, and does not let a client pick the endpoint it advertises with
// Host or X-Forwarded-* headers when no trusted proxy is configured.
import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiServer, startApiServer } from "./server";

let server: ApiServer;
let base: string;

beforeAll(async () => {
  server = await startApiServer({ port: 0, hostname: "127.0.0.1", trustedProxies: 0, drainMs: 100 });
  base = `http://127.0.0.1:${server.port}/api/v1`;
});

afterAll(async () => {
  await server.close();
});

describe("dedicated API process", () => {
  it("sends nosniff and the rest of the header set on every response", async () => {
    const responses = await Promise.all([
      fetch(`${base}/openapi.json`),
      fetch(`${base}/me`),
      fetch(`${base}/no-such-thing`),
      fetch(`${base}/me`, { method: "PUT" }),
      fetch(`${base}/keys`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 405, 401]);
    for (const res of responses) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      expect(res.headers.get("strict-transport-security")).toBeNull(); // plain http
    }
  });

  it("keeps idle connections open longer than proxies keep theirs (no reset on a reused connection)", async () => {
    const res = await fetch(`${base}/me`);
    await res.arrayBuffer();
    expect(res.headers.get("keep-alive")).toBe("timeout=65");
  });

  it("ignores X-Forwarded-Host and -Proto from a client when no proxy is trusted", async () => {
    const res = await fetch(`${base}/openapi.json`, { headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" } });
    const document = (await res.json()) as { servers: { url: string }[] };
    // Without KEYDESK_API_URL, the path alone: it resolves against the host the client called.
    expect(document.servers[0]?.url).toBe("/api/v1");
    // fetch() cannot send another Host; node:http can.
    const body = await new Promise<string>((resolve, reject) => {
      get({ host: "127.0.0.1", port: server.port, path: "/api/v1/me", headers: { host: "evil.example" } }, (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve(text));
      }).on("error", reject);
    });
    expect(JSON.parse(body).type).toBe("/api/v1/problems/invalid_key");
  });
});
