// The API that keys unlock, end to end: a key issued in the console works on /api/v1 (Bearer
// and Basic; the console's session cookie does not), is refused with key_revoked right after it
// is revoked in the console, and its use shows in the keys list. And /docs/api documents every
// endpoint of the OpenAPI document.
import { expect, seriousA11yViolations, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

test("a key issued in the console calls the API until it is revoked in the console", async ({ page, member, signIn, baseURL }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const { clientId, token } = await keys.issue({ name: "Nightly script", apiSets: ["Read profile"] });
  await keys.closeReveal();
  const me = `${baseURL}/api/v1/me`;

  const bearer = await page.request.get(me, { headers: { authorization: `Bearer ${token}` } });
  expect(bearer.status()).toBe(200);
  expect(await bearer.json()).toMatchObject({
    user: { email: member.email },
    key: { clientId, name: "Nightly script", apiSets: ["profile:read"] },
  });

  const viaBasic = await page.request.get(me, { headers: { authorization: basic(clientId, token) } });
  expect(viaBasic.status()).toBe(200);
  expect((await viaBasic.json()).key.clientId).toBe(clientId);

  // The browser's session cookie travels with page.request, and counts for nothing here.
  const cookieOnly = await page.request.get(me);
  expect(cookieOnly.status()).toBe(401);
  expect(cookieOnly.headers()["content-type"]).toBe("application/problem+json");
  expect((await cookieOnly.json()).code).toBe("invalid_key");

  await page.getByRole("button", { name: "Revoke Nightly script" }).click();
  await page.getByRole("alertdialog", { name: "Revoke API key" }).getByRole("button", { name: "Confirm" }).click();
  await keys.showRevokedAndExpired();
  await expect(keys.row("Nightly script")).toContainText("Revoked");

  const refused = await page.request.get(me, { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
  expect(await refused.json()).toMatchObject({ code: "key_revoked", status: 401 });

  // Usage is written in batches every few seconds: the list then shows the last use and the chart.
  await expect
    .poll(
      async () => {
        await page.reload();
        await keys.showRevokedAndExpired();
        return keys.row("Nightly script").getByRole("img").getAttribute("aria-label");
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toMatch(/^Last 30 days: 2 successful, 1 refused/);
  await expect(keys.row("Nightly script")).not.toContainText("Never");
});

test.describe(() => {
  test.use({ signedInAs: "member" });

  test("the API documentation renders every endpoint, with curl lines for this endpoint", async ({ page, baseURL }) => {
    const keys = new ApiKeysPage(page);
    await keys.goto();
    await page.getByRole("link", { name: "API documentation" }).click();
    await expect(page).toHaveURL(/\/docs\/api$/);
    await expect(page.getByRole("heading", { level: 1, name: /Keydesk API/ })).toBeVisible();

    const document = await (await page.request.get(`${baseURL}/api/v1/openapi.json`)).json();
    const endpoint = `${baseURL}/api/v1`;
    // The document names only the path (no KEYDESK_API_URL here): a client's Host never reaches it.
    expect(document.servers[0].url).toBe("/api/v1");
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThanOrEqual(8);
    // Once the curl lines name this endpoint (made absolute in the browser), read every section at once.
    await expect(page.locator("[data-operation] pre").filter({ hasText: "curl" }).first()).toContainText(endpoint);
    const sections = await page.locator("[data-operation]").evaluateAll((elements) =>
      elements.map((el) => ({
        operation: el.getAttribute("data-operation"),
        visible: el.checkVisibility(),
        heading: el.querySelector("h3")?.textContent ?? "",
        curl: [...el.querySelectorAll("pre")].find((pre) => pre.textContent?.includes("curl"))?.textContent ?? "",
      })),
    );
    for (const operation of operations) {
      const section = sections.find((s) => s.operation === operation);
      expect(section, operation).toBeDefined();
      expect(section!.visible, operation).toBe(true);
      expect(section!.heading, operation).toContain(operation.split(" ")[1]);
      expect(section!.curl, operation).toContain(endpoint);
    }
    await expect(page.locator("#error-key_revoked")).toContainText("401");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
