// Nothing a client can send gets a 5xx: foreign or malformed Origin on server actions, methods
// nothing serves, garbage session cookies, malformed text. And the page headers: a CSP with a
// fresh nonce per request and no inline or eval'd script, Permissions-Policy, nosniff.
import { expect, test } from "./fixtures";

const ACTION_ID = "7f".padEnd(42, "0");

test("server-action posts with a foreign, missing or malformed Origin get 403/400, never 500", async ({ request, baseURL }) => {
  const post = (headers: Record<string, string>) =>
    request.post("/login", {
      headers: { "next-action": ACTION_ID, "content-type": "text/plain", ...headers },
      data: "[]",
      maxRedirects: 0,
    });
  expect((await post({ origin: "https://evil.example" })).status()).toBe(403);
  expect((await post({})).status()).toBe(403);
  expect((await post({ origin: "::::" })).status()).toBe(400);
  expect((await post({ origin: baseURL ?? "", "next-action": "abc" })).status()).toBe(400);
  // A well-formed id of no action: 409 from the front server (e2e/unknown-action.spec.ts).
  const unknown = await post({ origin: baseURL ?? "" });
  expect(unknown.status()).toBeGreaterThanOrEqual(400);
  expect(unknown.status()).toBeLessThan(500);
});

test("methods nothing serves get 405 with Allow, on pages and on the API mount", async ({ request }) => {
  for (const [method, path] of [
    ["TRACE", "/profile"],
    ["TRACE", "/api/v1/me"],
    ["PROPFIND", "/api/v1/me"],
    ["DELETE", "/login"],
    ["PUT", "/profile/api-keys"],
  ]) {
    const res = await request.fetch(path, { method, maxRedirects: 0 });
    expect(res.status(), `${method} ${path}`).toBe(405);
    expect(res.headers().allow, `${method} ${path}`).toBeTruthy();
  }
});

test("the console keeps idle connections open longer than proxies keep theirs", async ({ request }) => {
  // A client or proxy reusing a connection the server is closing gets a reset (lib/http/keep-alive.ts).
  for (const path of ["/login", "/api/v1/openapi.json"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.headers()["keep-alive"], path).toBe("timeout=65");
  }
});

test("an unreadable session cookie is simply signed out", async ({ browser, baseURL }) => {
  for (const value of ["garbage", "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..x.y.z", "%E0%A4%A", "a".repeat(3000)]) {
    const context = await browser.newContext({ baseURL });
    await context.addCookies([{ name: "authjs.session-token", value, url: baseURL ?? "" }]);
    const page = await context.newPage();
    const res = await page.goto("/profile/api-keys");
    expect(res?.status(), value.slice(0, 20)).toBe(200);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await context.close();
  }
});

test("pages carry a per-request nonce CSP without unsafe-inline or eval, and work under it", async ({ page, member, signIn }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const first = await page.goto("/login");
  const csp = first?.headers()["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(scriptSrc).not.toContain("unsafe-eval");
  expect(first?.headers()["permissions-policy"]).toContain("camera=()");
  expect(first?.headers()["x-content-type-options"]).toBe("nosniff");
  // Next.js put this request's nonce on its scripts; the next request gets another.
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => [...document.scripts].every((s) => (s.nonce ?? "").length > 0))).toBe(true);
  const again = await page.request.get("/login");
  expect(again.headers()["content-security-policy"]).not.toContain(nonce);

  // The console is fully interactive under the policy: zod validates in the browser, dialogs open.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await signIn(member);
  await page.goto("/profile/api-keys");
  await page.getByRole("button", { name: "Issue new API key" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(violations).toEqual([]);
});

test("free text with malformed or invisible characters gets a field error, not a 500", async ({ request, lib, member }) => {
  const actor = await lib.loadActor(member.id);
  if (!actor) throw new Error("no actor");
  const { token } = await lib.issueApiKey(
    actor,
    { name: "hostile-input", description: "", apiSets: ["keys:read", "keys:write"], expiresIn: "30d" },
    { ip: null, userAgent: null },
  );
  for (const name of ["\ud800", "a\u00adb", "tag\u{e0041}", "pua\ue000", "x\u0378"]) {
    const res = await request.post("/api/v1/keys", {
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      data: JSON.stringify({ name, apiSets: ["keys:read"], expiresIn: "7d" }),
    });
    expect(res.status(), JSON.stringify(name)).toBe(422);
    expect((await res.json()).code).toBe("validation_failed");
  }
});
