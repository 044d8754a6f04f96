// The console's fast mount: the listener the front server calls serves the API over node:http,
// while the process's global Request and Response stay the platform's own (Next.js needs them).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishConsoleApi } from "./console-mount";
import { isApiTarget, publishedApiListener } from "./front-door";
import { stopApiRuntime } from "./runtime";

let server: Server;
let base: string;
const platform = { Request: globalThis.Request, Response: globalThis.Response };

beforeAll(async () => {
  publishConsoleApi();
  const listener = publishedApiListener();
  if (!listener) throw new Error("nothing published");
  server = createServer((req, res) => void listener(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stopApiRuntime();
});

describe("the console's fast mount", () => {
  it("leaves the platform's Request and Response in place", () => {
    expect(globalThis.Request).toBe(platform.Request);
    expect(globalThis.Response).toBe(platform.Response);
  });

  it("serves the API with its headers and problems", async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get("cache-control")).toBe("no-store");
    expect(health.headers.get("content-length")).toBe("43");
    expect(await health.json()).toEqual({ ok: true, rateLimits: { store: "memory" } });
    const me = await fetch(`${base}/me`);
    expect(me.status).toBe(401);
    expect(me.headers.get("content-type")).toBe("application/problem+json");
    expect(me.headers.get("www-authenticate")).toContain("Bearer");
    const put = await fetch(`${base}/keys`, { method: "PUT" });
    expect([put.status, put.headers.get("allow")]).toEqual([405, "GET, HEAD, POST, OPTIONS"]);
  });

  it("takes only /api/v1 and what is under it", () => {
    for (const url of ["/api/v1", "/api/v1/", "/api/v1/me", "/api/v1?x=1"]) expect(isApiTarget(url)).toBe(true);
    for (const url of ["/api/v10", "/api/v1x", "/api", "/profile", undefined]) expect(isApiTarget(url)).toBe(false);
  });
});
