// Journeys through the console as the seed guides tell them, with focus checked after each step:
// it must land on a control, never on the page itself.
import type { Page } from "@playwright/test";
import { expect, seriousA11yViolations, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

/** Focus lands on a control once the page has settled after the step (within a second). */
async function expectFocusOnAControl(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return el && el !== document.body ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}` : "body";
        }),
      { message: "focus is on the page body", timeout: 1_000, intervals: [50] },
    )
    .not.toBe("body");
}

test("seed 003: Admin → Users → your name → API keys → Generate key opens the New API key window", async ({ page, makeUser, signIn }) => {
  const admin = await makeUser({ admin: true, apiAccess: true, name: `Seed Admin ${Math.random().toString(36).slice(2, 7)}` });
  const other = await makeUser({ name: `Someone Else ${Math.random().toString(36).slice(2, 7)}` });
  await signIn(admin);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await page.getByRole("searchbox", { name: "Search users" }).fill(admin.email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("link", { name: admin.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: "User account details" })).toBeVisible();

  const section = page.getByRole("region", { name: "API keys" });
  await section.getByRole("button", { name: "Generate key" }).click();
  const keys = new ApiKeysPage(page);
  await expect(keys.newKeyDialog).toBeVisible();
  await keys.fillNewKey({ name: "Issued from my account page", apiSets: ["Read profile"] });
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  const { clientId } = await keys.readReveal();
  await expect(keys.revealDialog.getByRole("textbox", { name: "Secret key" })).toBeFocused();
  await keys.closeReveal();
  await expectFocusOnAControl(page);
  await expect(page.getByRole("row").filter({ hasText: clientId })).toContainText("Issued from my account page");

  // The same key is on the profile's own list: it was issued for the admin, by the same action.
  await keys.goto();
  await expect(keys.row("Issued from my account page")).toContainText(clientId);

  // Another user's page offers no Generate key: nobody issues keys for someone else.
  await page.goto(`/admin/users/${other.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "User account details" })).toBeVisible();
  await expect(page.getByRole("region", { name: "API keys" }).getByRole("button", { name: "Generate key" })).toHaveCount(0);
  await expect(page.getByText(`Only ${other.name} can issue keys for this account.`)).toBeVisible();
});

test("keyboard: focus stays on a control after issuing, closing the reveal and revoking at the limit", async ({
  page,
  member,
  signIn,
  lib,
}) => {
  const actor = await lib.loadActor(member.id);
  if (!actor) throw new Error("no actor");
  for (const name of ["one", "two"]) await lib.issueApiKey(actor, lib.fixtures.keyInput({ name }), { ip: null, userAgent: null });
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();

  // The third key fills the limit, so the button that opened the dialog is disabled afterwards.
  await keys.issueButton.focus();
  await page.keyboard.press("Enter");
  await expect(keys.newKeyDialog).toBeVisible();
  await expectFocusOnAControl(page);
  await keys.fillNewKey({ name: "three" });
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).press("Enter");
  await expect(keys.revealDialog).toBeVisible();
  await expectFocusOnAControl(page);
  await keys.revealDialog.getByLabel("I have copied the secret key and stored it securely").press("Space");
  await keys.revealDialog.getByRole("button", { name: "Close" }).press("Enter");
  await expect(keys.revealDialog).toBeHidden();
  await expect(keys.issueButton).toBeDisabled();
  await expectFocusOnAControl(page);

  await page.getByRole("button", { name: "Revoke one" }).press("Enter");
  const confirm = page.getByRole("alertdialog", { name: "Revoke API key" });
  await expectFocusOnAControl(page);
  await confirm.getByRole("button", { name: "Confirm" }).press("Enter");
  await expect(confirm).toBeHidden();
  await expect(keys.issueButton).toBeEnabled();
  await expectFocusOnAControl(page);
});

test("a revoke that fails on the way leaves the dialog usable, with the reason, and changes nothing", async ({
  page,
  member,
  signIn,
  lib,
}) => {
  const actor = await lib.loadActor(member.id);
  if (!actor) throw new Error("no actor");
  await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Flaky network" }), { ip: null, userAgent: null });
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await page.route("**/profile/api-keys", (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
  await page.getByRole("button", { name: "Revoke Flaky network" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke API key" });
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm.getByRole("alert")).toHaveText("Something went wrong and nothing was changed. Please try again.");
  await expect(confirm.getByRole("button", { name: "Confirm" })).toBeEnabled();
  await page.unroute("**/profile/api-keys");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm).toBeHidden();
  await keys.showRevokedAndExpired();
  await expect(keys.row("Flaky network")).toContainText("Revoked");
});

test("a key's own page: details, last use and a readable 30-day chart with its table", async ({ page, member, signIn, lib }) => {
  const actor = await lib.loadActor(member.id);
  if (!actor) throw new Error("no actor");
  const { key } = await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Charted", description: "billing sync" }), {
    ip: null,
    userAgent: null,
  });
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await lib.db.apiKeyUsage.createMany({
    data: [
      { keyId: key.id, day: today, outcome: "ok", count: 42 },
      { keyId: key.id, day: today, outcome: "insufficient_scope", count: 3 },
      { keyId: key.id, day: yesterday, outcome: "ok", count: 8 },
      { keyId: key.id, day: yesterday, outcome: "key_expired", count: 2 },
    ],
  });
  await lib.db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(), lastUsedIp: "198.51.100.23" } });
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.row("Charted").getByRole("link", { name: "Charted" }).click();
  await expect(page).toHaveURL(new RegExp(`/profile/api-keys/${key.clientId}$`));
  await expect(page.getByRole("heading", { name: "Charted" })).toBeVisible();
  await expect(page.getByRole("link", { name: "API keys", exact: true })).toHaveAttribute("aria-current", "page");
  const details = page.getByRole("region", { name: "Details" });
  await expect(details).toContainText("billing sync");
  await expect(details).toContainText(key.clientId);
  await expect(details).toContainText("from 198.51.100.23");

  const usage = page.getByRole("region", { name: "Requests in the last 30 days" });
  await expect(usage.getByRole("img")).toHaveAccessibleName(
    /^55 requests between .*: 50 successful, 3 refused for a missing API set, 2 refused because/,
  );
  await expect(usage.getByRole("listitem").filter({ hasText: "Successful" })).toHaveText("Successful: 50");
  await usage.getByText("Daily counts as a table").click();
  const table = usage.getByRole("table", { name: "Requests per UTC day by outcome" });
  await expect(table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: today }) })).toContainText(
    ["42", "3", "0"].join(""),
  );
  await expect(table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Total" }) })).toContainText("5032");
  await expect(usage).toContainText("key_expired: 2");
  expect(await seriousA11yViolations(page)).toEqual([]);

  // Someone else's client id is not found.
  const stranger = await lib.fixtures.createTestUser();
  const { key: theirs } = await lib.issueApiKey(stranger, lib.fixtures.keyInput(), { ip: null, userAgent: null });
  const response = await page.goto(`/profile/api-keys/${theirs.clientId}`);
  expect(response?.status()).toBe(404);
});

test("dark mode follows the system, the user menu switches it for good, and both themes pass axe", async ({
  page,
  lib,
  makeUser,
  signIn,
}) => {
  const admin = await makeUser({ admin: true, apiAccess: true });
  const actor = await lib.loadActor(admin.id);
  if (!actor) throw new Error("no actor");
  await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Dark key" }), { ip: null, userAgent: null });
  await signIn(admin);
  const keys = new ApiKeysPage(page);
  const background = () => page.evaluate(() => getComputedStyle(document.getElementById("console-root") as HTMLElement).backgroundColor);

  await page.emulateMedia({ colorScheme: "light" });
  await keys.goto();
  const light = await background();
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await background();
  expect(dark).not.toBe(light);
  for (const path of ["/profile/api-keys", "/admin/users", `/admin/users/${admin.id}`, "/admin/audit"]) {
    await page.goto(path);
    expect(await seriousA11yViolations(page), `${path} in dark`).toEqual([]);
  }
  await keys.goto();
  await keys.openNewKeyDialog();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.keyboard.press("Escape");

  // The system says dark; the person picks Light in the user menu: it applies at once and stays.
  await page.getByRole("button", { name: admin.name }).click();
  const menu = page.getByRole("menu", { name: admin.name });
  await expect(menu.getByRole("menuitemradio", { name: "System" })).toHaveAttribute("aria-checked", "true");
  await menu.getByRole("menuitemradio", { name: "Light" }).click();
  expect(await background()).toBe(light);
  await page.reload();
  expect(await background()).toBe(light);
  // Dark chosen while the system is light: rendered by the server before the first paint.
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("button", { name: admin.name }).click();
  await menu.getByRole("menuitemradio", { name: "Dark" }).click();
  expect(await background()).toBe(dark);
  await page.goto("/admin/users");
  expect(await page.locator("#console-root").getAttribute("class")).toContain("theme-dark");
  expect(await background()).toBe(dark);
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("the audit log's date filters are typed and shown as ISO dates", async ({ page }) => {
    const today = new Date().toISOString().slice(0, 10);
    await page.goto("/admin/audit");
    await page.getByLabel("From (UTC, yyyy-mm-dd)").fill(today);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(new RegExp(`from=${today}`));
    await expect(page.getByLabel("From (UTC, yyyy-mm-dd)")).toHaveValue(today);
    await expect(page.getByRole("status").filter({ hasText: /match these filters/ })).toBeVisible();
    await page.getByLabel("To (UTC, yyyy-mm-dd)").fill("01/31/2026");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByLabel("To (UTC, yyyy-mm-dd)")).toHaveAttribute("aria-invalid", "true");
  });
});
