// Sign in, return to the page asked for, the user menu, sign out.
import { E2E_ADMIN } from "./e2e-env";
import { expect, test } from "./fixtures";

test("a signed-out visitor lands on /login and returns to the page they asked for", async ({ page, member }) => {
  await page.goto("/profile/api-keys");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel("Email").fill(member.email.toUpperCase());
  await page.getByLabel("Password").fill(member.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile\/api-keys$/);
  await expect(page.getByRole("heading", { name: "Your API keys" })).toBeVisible();
});

test("wrong credentials get one generic message, whichever part is wrong", async ({ page, member }) => {
  await page.goto("/login");
  const message = page.getByRole("alert").filter({ hasText: /./ });
  for (const [email, password] of [
    [member.email, "wrong password 123"],
    ["nobody@keydesk.test", member.password],
  ]) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(message).toHaveText("Incorrect email or password.");
    await expect(page).toHaveURL(/\/login/);
  }
});

test("empty fields are named next to the field", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();
  const email = page.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  const describedBy = await email.getAttribute("aria-describedby");
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText("Enter your email address.");
});

test("the first administrator created on start can sign in", async ({ page, signIn }) => {
  await signIn(E2E_ADMIN);
  await expect(page.getByRole("button", { name: /Administrator/ })).toBeVisible();
});

test("the user menu holds Profile and Sign out, and signing out ends the session", async ({ page, member, signIn }) => {
  await signIn(member);
  const menuButton = page.getByRole("button", { name: member.name });
  await expect(menuButton).toHaveAttribute("aria-haspopup", "menu");
  await menuButton.click();
  const menu = page.getByRole("menu");
  await expect(menu.getByRole("menuitem")).toHaveText(["Profile", "Sign out"]);

  // Keyboard: Escape closes and focus returns to the button; ArrowDown reopens on the first item.
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("menuitem", { name: "Profile" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText(member.email).first()).toBeVisible();

  await page.getByRole("button", { name: member.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/profile");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
});

test("after too many failures the account waits, with a message saying so; the owner's browser is not stopped", async ({
  page,
  browser,
  baseURL,
  member,
  signIn,
  lib,
}) => {
  // This browser has signed in before: it holds the account's device cookie.
  await signIn(member);
  await page.getByRole("button", { name: member.name }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // Someone else, elsewhere, guesses wrong: one guess through the form, ten more recorded just now
  // (through the form they would take longer than the delays they cause, which is the point).
  const elsewhere = await browser.newContext({ baseURL });
  const attacker = await elsewhere.newPage();
  await attacker.goto("/login");
  const message = attacker.getByRole("alert").filter({ hasText: /./ });
  await attacker.getByLabel("Email").fill(member.email);
  await attacker.getByLabel("Password").fill("wrong guess");
  await attacker.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText("Incorrect email or password.");
  const { accountKeyFor } = await import("../lib/auth/device-cookie");
  await lib.db.signInFailure.createMany({
    data: Array.from({ length: 10 }, (_, i) => ({ accountKey: accountKeyFor(member.email), ip: `203.0.113.${i + 1}` })),
  });
  await attacker.getByLabel("Password").fill(member.password);
  await attacker.getByRole("button", { name: "Sign in" }).click();
  await expect(message).toHaveText("Too many failed sign-in attempts. Wait a few minutes and try again.");
  await expect(attacker).toHaveURL(/\/login/);
  await elsewhere.close();

  // The owner's browser signs in at once.
  await signIn(member);
  await expect(page).toHaveURL(/\/profile/);
});

test("changing the password keeps this browser signed in, ends other sessions, and the new password works", async ({
  page,
  browser,
  baseURL,
  member,
  signIn,
}) => {
  await signIn(member);
  // A second session of the same account, elsewhere.
  const other = await browser.newContext({ baseURL });
  const otherPage = await other.newPage();
  await otherPage.goto("/login");
  await otherPage.getByLabel("Email").fill(member.email);
  await otherPage.getByLabel("Password").fill(member.password);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage).not.toHaveURL(/\/login/);

  await page.goto("/profile");
  await page.getByRole("button", { name: "Change password" }).click();
  const dialog = page.getByRole("dialog", { name: "Change password" });
  await dialog.getByLabel("Current password").fill("not my password");
  await dialog.getByLabel("New password", { exact: true }).fill("a fresh passphrase 42");
  await dialog.getByLabel("Repeat new password").fill("a fresh passphrase 42");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(dialog.getByText("Your current password is not correct.")).toBeVisible();
  await expect(dialog.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await dialog.getByLabel("Current password").fill(member.password);
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/profile\?password=changed$/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed." })).toBeVisible();

  // The other session is over; the old password no longer works; the new one does.
  await otherPage.goto("/profile/api-keys");
  await expect(otherPage).toHaveURL(/\/login/);
  await otherPage.getByLabel("Email").fill(member.email);
  await otherPage.getByLabel("Password").fill(member.password);
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage.getByRole("alert").filter({ hasText: /./ })).toHaveText("Incorrect email or password.");
  await otherPage.getByLabel("Password").fill("a fresh passphrase 42");
  await otherPage.getByRole("button", { name: "Sign in" }).click();
  await expect(otherPage).toHaveURL(/\/profile\/api-keys$/);
  await other.close();
});
