// The API application wired to a real runtime on the test database, for integration tests:
// requests go through app.request(), the client IP comes from an `x-test-ip` header.
import { type ApiApp, createApiApp } from "../api/app";
import { FailedAuthLimiter, type LimiterOptions } from "../api/failed-auth-limiter";
import { type ApiRuntime, type ApiRuntimeOptions, createApiRuntime, runtimeDeps } from "../api/runtime";
import { basicAuth } from "./api-requests";

export type TestApi = {
  app: ApiApp;
  runtime: ApiRuntime;
  limiter: FailedAuthLimiter;
  /** Sends a request to /api/v1<path> with the key as Bearer (or none). */
  call(
    path: string,
    init?: RequestInit & { token?: string | null; basic?: { user: string; password: string }; ip?: string },
  ): Promise<Response>;
  stop(): Promise<void>;
};

export const TEST_ENDPOINT = "https://api.keydesk.test/api/v1";

export async function startTestApi(options: { limiter?: LimiterOptions; runtime?: ApiRuntimeOptions } = {}): Promise<TestApi> {
  // Memory unless a test asks for Redis: an integration test never counts in a shared store by accident.
  const runtime = createApiRuntime({ redisUrl: null, ...options.runtime });
  await runtime.ready();
  const limiter = new FailedAuthLimiter(options.limiter ?? { burst: 10_000, perMinute: 10_000 });
  const app = createApiApp({
    ...runtimeDeps(runtime),
    limiter,
    clientIp: (c) => c.req.header("x-test-ip") ?? "192.0.2.1",
    endpoint: () => TEST_ENDPOINT,
  });
  return {
    app,
    runtime,
    limiter,
    call(path, init = {}) {
      const { token, basic, ip, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (token) headers.set("authorization", `Bearer ${token}`);
      if (basic) headers.set("authorization", basicAuth(basic.user, basic.password));
      if (ip) headers.set("x-test-ip", ip);
      return Promise.resolve(app.request(`/api/v1${path}`, { ...rest, headers }));
    },
    stop: () => runtime.stop(),
  };
}
