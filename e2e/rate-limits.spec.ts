// A key issued with a rate limit in the New API key dialog is refused over it (429 with the
// RateLimit headers); a key reported as leaked is revoked and its owner sees why on the keys page.
import { expect, seriousA11yViolations, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

test("issue a key with a rate limit, see it refused over the limit", async ({ page, makeUser, signIn }) => {
  const user = await makeUser({ apiAccess: true });
  await signIn(user);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.openNewKeyDialog();
  await keys.fillNewKey({ name: "Throttled job" });
  const dialog = keys.newKeyDialog;
  const requests = dialog.getByRole("spinbutton", { name: "Requests" });
  // A bad number is tied to its field and nothing is issued.
  await requests.fill("0");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  await expect(requests).toHaveAttribute("aria-invalid", "true");
  await expect(requests).toHaveAccessibleDescription(/Enter a number of requests from 1 to 1,000,000/);
  await requests.fill("2");
  await dialog.getByRole("combobox", { name: "Per" }).selectOption("minute");
  await page.mouse.move(0, 0); // not hovering Generate key
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300); // colours transition for 150 ms
    expect(await seriousA11yViolations(page, "dialog[open]"), colorScheme).toEqual([]);
  }
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const { clientId, token } = await keys.readReveal();
  await keys.closeReveal();

  const call = () => page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
  for (const left of [1, 0]) {
    const ok = await call();
    expect(ok.status()).toBe(200);
    expect(ok.headers()["ratelimit-policy"]).toBe('"key";q=2;w=60');
    expect(ok.headers().ratelimit).toMatch(new RegExp(`^"key";r=${left};t=\\d+$`));
  }
  const refused = await call();
  expect(refused.status()).toBe(429);
  expect((await refused.json()).code).toBe("rate_limited");
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);

  await page.goto(`/profile/api-keys/${clientId}`);
  await expect(page.getByText("2 requests per minute")).toBeVisible();
});

test("a key reported as leaked is revoked and its owner is told where it was found", async ({ page, makeUser, signIn }) => {
  const user = await makeUser({ apiAccess: true });
  await signIn(user);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const { token } = await keys.issue({ name: "Committed by mistake" });
  await keys.closeReveal();

  const url = "https://github.com/octocat/Hello-World/blob/1234567/.env";
  const res = await page.request.post("/api/v1/leaks", {
    data: [{ token, type: "keydesk_api_key", url, source: "content" }],
  });
  expect(res.status()).toBe(200);
  expect((await res.json())[0].label).toBe("true_positive");

  await keys.goto();
  const banner = page.getByRole("region", { name: "1 key was reported as leaked and revoked" });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("“Committed by mistake”");
  await expect(banner).toContainText(url);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.waitForTimeout(300); // colours transition for 150 ms
    expect(await seriousA11yViolations(page), colorScheme).toEqual([]);
  }
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect((await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});
