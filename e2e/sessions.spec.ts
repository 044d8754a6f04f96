// Profile → Sessions, and sessions that really end: a copy of the cookie taken before sign-out
// (or before "Sign out" on the Sessions page) opens nothing afterwards, neither pages nor actions.
import type { Browser, BrowserContext } from "@playwright/test";
import { expect, type TestAccount, test } from "./fixtures";

async function signedInContext(browser: Browser, baseURL: string, account: TestAccount, userAgent?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, userAgent });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.close();
  return context;
}

test("a cookie copied before sign-out opens nothing afterwards", async ({ browser, baseURL, member }) => {
  const original = await signedInContext(browser, baseURL ?? "", member);
  const stolen = await browser.newContext({ baseURL });
  await stolen.addCookies(await original.cookies());
  const thief = await stolen.newPage();
  await thief.goto("/profile/api-keys");
  await expect(thief.getByRole("heading", { name: "Your API keys" })).toBeVisible();

  const page = await original.newPage();
  await page.goto("/profile");
  await page.getByRole("button", { name: member.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await thief.goto("/profile/api-keys");
  await expect(thief).toHaveURL(/\/login\?callbackUrl=/);
  await original.close();
  await stolen.close();
});

test("Sessions lists each browser, marks this one, and signs out one or all others", async ({ browser, baseURL, member }) => {
  const firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0";
  const other = await signedInContext(browser, baseURL ?? "", member, firefox);
  const third = await signedInContext(browser, baseURL ?? "", member, firefox);
  const here = await signedInContext(browser, baseURL ?? "", member);
  const page = await here.newPage();
  await page.goto("/profile");
  await page.getByRole("link", { name: "Sessions" }).click();
  await expect(page).toHaveURL(/\/profile\/sessions$/);
  const rows = page.getByRole("table", { name: /Your sessions/ }).getByRole("row");
  await expect(rows).toHaveCount(4); // header + 3 sessions
  await expect(rows.filter({ hasText: "This session" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Firefox on Windows" })).toHaveCount(2);
  await expect(rows.filter({ hasText: "This session" })).not.toContainText("Firefox");

  // Sign out one of the Firefox sessions.
  await rows
    .filter({ hasText: "Firefox on Windows" })
    .first()
    .getByRole("button", { name: /Sign out/ })
    .click();
  const dialog = page.getByRole("alertdialog", { name: "Sign out this session?" });
  await dialog.getByRole("button", { name: "Sign out" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "The session was signed out." })).toBeVisible();
  await expect(rows).toHaveCount(3);

  // Then every other one.
  await page.getByRole("button", { name: "Sign out of all other sessions" }).click();
  const all = page.getByRole("alertdialog", { name: "Sign out of all other sessions?" });
  await expect(all).toContainText("1 other session is signed out");
  await all.getByRole("button", { name: "Sign out others" }).click();
  await expect(page.getByRole("status").filter({ hasText: "1 session was signed out." })).toBeVisible();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Sign out of all other sessions" })).toBeDisabled();

  for (const context of [other, third]) {
    const p = await context.newPage();
    await p.goto("/profile/api-keys");
    await expect(p).toHaveURL(/\/login/);
  }
  // This browser is still in.
  await page.goto("/profile/api-keys");
  await expect(page.getByRole("heading", { name: "Your API keys" })).toBeVisible();

  // Signing out this session from the list lands on /login.
  await page.goto("/profile/sessions");
  await rows.filter({ hasText: "This session" }).getByRole("button", { name: "Sign out this session" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  for (const c of [other, third, here]) await c.close();
});

test("an administrator signs a user out everywhere from User account details", async ({ browser, baseURL, makeUser, member }) => {
  const admin = await makeUser({ admin: true, name: "Session Admin" });
  const victim = await signedInContext(browser, baseURL ?? "", member);
  const adminContext = await signedInContext(browser, baseURL ?? "", admin);
  const page = await adminContext.newPage();
  await page.goto(`/admin/users/${member.id}`);
  const section = page.getByRole("region", { name: "Sessions" });
  await expect(section).toContainText("is signed in in 1 browser");
  await section.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(section.getByRole("status")).toHaveText("1 session was ended.");
  const p = await victim.newPage();
  await p.goto("/profile");
  await expect(p).toHaveURL(/\/login/);
  await victim.close();
  await adminContext.close();
});
