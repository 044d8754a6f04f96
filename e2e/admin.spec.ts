// Administration journeys: an administrator creates a user with a custom role, that user issues a
// key, the administrator finds them in API management and clears their keys, and the user sees
// the result; Members see no administration and are refused on the server; disabling a user
// ends their session; a removed role stops working at the next request.
import { expect, test } from "./fixtures";
import { ADMIN_URLS, ApiManagementPage, RolesPage, signInOn, UsersPage } from "./pages/admin-pages";
import { ApiKeysPage } from "./pages/api-keys-page";

const unique = () => Math.random().toString(36).slice(2, 8);
// A second browser of someone else: not the signed-in state this test starts with.
const SIGNED_OUT = { cookies: [], origins: [] };

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("admin creates a user with a custom role, who issues a key; the admin clears it in API management", async ({
    page,
    browser,
    baseURL,
    signedInAccount: admin,
    request,
  }) => {
    // A custom role with "Use API keys".
    const roleName = `Integrators ${unique()}`;
    const roles = new RolesPage(page);
    await roles.goto();
    await roles.create(roleName, ["Use API keys"]);
    await expect(roles.row(roleName)).toContainText("Use API keys");

    // The user, holding only that role, with an initial password typed by the admin.
    const person = { name: `Ivy Integrator ${unique()}`, email: `ivy-${unique()}@e2e.keydesk.test`, password: "ivy-initial-password" };
    const users = new UsersPage(page);
    await users.goto();
    await users.create({ ...person, roles: [roleName] });
    await expect(page.getByText(`${person.name} · ${person.email}`)).toBeVisible();
    await expect(page.getByRole("checkbox", { name: roleName, exact: true })).toBeChecked();
    await expect(page.getByRole("checkbox", { name: "Member", exact: true })).not.toBeChecked();

    // They find the new user by part of the email.
    await users.goto();
    await users.search(person.email.slice(0, 8).toUpperCase());
    await expect(users.row(person.name)).toContainText(roleName);

    // The user signs in elsewhere, turns API access on and issues a key.
    const userContext = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const userPage = await userContext.newPage();
    await signInOn(userPage, person);
    const keys = new ApiKeysPage(userPage);
    await keys.goto();
    await keys.accessSwitch.click();
    await expect(keys.accessSwitch).toHaveAttribute("aria-checked", "true");
    const { clientId, token } = await keys.issue({ name: "Integration" });
    await keys.closeReveal();
    await expect(keys.row("Integration")).toContainText("Active");
    const callApi = () => request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect((await callApi()).status()).toBe(200);

    // The admin finds them in API management (filtered by the role) and clears their keys.
    const management = new ApiManagementPage(page);
    await management.goto();
    await management.filterByRole(roleName);
    const row = management.row(person.name);
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(1)).toHaveText("1"); // active keys
    await row.getByRole("button", { name: `Clear API keys of ${person.name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Clear API keys of ${person.name}?` });
    await expect(confirm).toContainText(person.email);
    await expect(confirm).toContainText("1 active API key");
    await confirm.getByRole("button", { name: "Revoke 1 active API key" }).click();
    await expect(confirm).toBeHidden();
    // API access is off now, so they leave the list.
    await expect(management.row(person.name)).toHaveCount(0);

    // The key no longer opens the API.
    const refused = await callApi();
    expect(refused.status()).toBe(401);
    expect((await refused.json()).code).toBe("key_revoked");

    // The user sees the key revoked (cleared by an administrator) and API access off.
    await keys.goto();
    await expect(keys.row("Integration")).toContainText("Revoked");
    await expect(keys.row("Integration")).toContainText("Cleared by an administrator");
    await expect(keys.row("Integration")).toContainText(clientId);
    await expect(keys.accessSwitch).toHaveAttribute("aria-checked", "false");
    await expect(keys.issueButton).toBeDisabled();

    // The audit log has the clearing, with the admin as actor.
    await page.goto(`/admin/audit?action=keys.cleared&target=${encodeURIComponent(person.email)}`);
    const event = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "API keys cleared" }) });
    await expect(event).toHaveCount(1);
    await expect(event).toContainText(admin.name);
    await expect(event).toContainText("1 key revoked; API access turned off");
    await userContext.close();
  });
});

test.describe(() => {
  test.use({ signedInAs: "member" });

  test("a Member sees no administration and is refused on every /admin URL", async ({ page, makeUser }) => {
    const other = await makeUser();
    await page.goto("/profile");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(["Profile"]);
    for (const url of [...ADMIN_URLS, `/admin/users/${other.id}`]) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(403);
      await expect(page.getByRole("heading", { name: "You cannot open this page" })).toBeVisible();
      await expect(page.getByText(other.email)).toHaveCount(0);
    }
  });
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("an administrator sees every administration page; an unknown user id is 404", async ({ page }) => {
    await page.goto("/profile");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText([
      "Profile",
      "Users",
      "API management",
      "All keys",
      "Roles",
      "Settings",
      "Audit log",
    ]);
    expect((await page.goto("/admin/users/no-such-user"))?.status()).toBe(404);
  });
});

test("a role taken away works no more at the very next request", async ({ page, browser, baseURL, makeUser, lib, signIn }) => {
  const role = await lib.db.role.create({ data: { name: `Auditors ${unique()}`, authorities: "audit:view" } });
  const auditor = await makeUser({ roleIds: [role.id] });
  await signIn(auditor);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toBeVisible();
  expect((await page.goto("/admin/audit"))?.status()).toBe(200);

  const adminContext = await browser.newContext({ baseURL });
  const adminPage = await adminContext.newPage();
  await signInOn(adminPage, await makeUser({ admin: true }));
  await adminPage.goto(`/admin/users/${auditor.id}`);
  await adminPage.getByRole("checkbox", { name: role.name, exact: true }).uncheck();
  await adminPage.getByRole("button", { name: "Save roles" }).click();
  await expect(adminPage.getByText("Roles saved.")).toBeVisible();
  await adminContext.close();

  expect((await page.goto("/admin/audit"))?.status()).toBe(403);
  await page.goto("/profile");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("disabling a user ends their session at the next request and stops sign-in", async ({ page, browser, baseURL, makeUser }) => {
    const user = await makeUser({ name: `Disable me ${unique()}` });
    const userContext = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const userPage = await userContext.newPage();
    await signInOn(userPage, user);

    await page.goto(`/admin/users/${user.id}`);
    await page.getByRole("button", { name: "Disable user" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Disable ${user.name}?` });
    await confirm.getByRole("button", { name: "Disable user" }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByRole("button", { name: "Enable user" })).toBeVisible();

    await userPage.goto("/profile/api-keys");
    await expect(userPage).toHaveURL(/\/login/);
    await userPage.getByLabel("Email").fill(user.email);
    await userPage.getByLabel("Password").fill(user.password);
    await userPage.getByRole("button", { name: "Sign in" }).click();
    await expect(userPage.getByText("Incorrect email or password.")).toBeVisible();
    await userContext.close();
  });
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("create user refuses a short password and a taken email next to the fields", async ({ page, signedInAccount: admin }) => {
    const users = new UsersPage(page);
    await users.goto();
    await users.openCreateDialog();
    const d = users.createDialog;
    await expect(d.getByLabel("Name")).toBeFocused();
    await d.getByLabel("Name").fill("Someone");
    await d.getByLabel("Email").fill(admin.email.toUpperCase());
    await d.getByRole("radio", { name: "Set a password" }).check();
    await d.getByLabel(/^Password/).fill("too short");
    await d.getByRole("button", { name: "Create user" }).click();
    await expect(d.getByLabel(/^Password/)).toHaveAttribute("aria-invalid", "true");
    await expect(d.getByText("Use at least 12 characters.")).toBeVisible();

    await d.getByLabel(/^Password/).fill("long enough password");
    await d.getByRole("button", { name: "Create user" }).click();
    await expect(d.getByText("A user with this email already exists.")).toBeVisible();
    await expect(d.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(d.getByLabel("Email")).toHaveAttribute("aria-describedby", "new-user-email-error");
  });
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("an administrator resets a password: shown once, the old one stops, the new one works", async ({
    page,
    browser,
    baseURL,
    makeUser,
  }) => {
    const person = await makeUser({ name: `Forgetful ${unique()}` });
    await page.goto(`/admin/users/${person.id}`);
    await page.getByRole("button", { name: "Reset password" }).click();
    const confirm = page.getByRole("alertdialog", { name: `Reset the password of ${person.name}?` });
    await confirm.getByRole("button", { name: "Reset password" }).click();
    const shown = page.getByRole("dialog", { name: `New password for ${person.name}` });
    const password = await shown.getByRole("textbox", { name: "New password" }).inputValue();
    expect(password).toMatch(/^[0-9A-Za-z]{20}$/);
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();
    expect(await page.content()).not.toContain(password);

    const theirs = await browser.newContext({ baseURL, storageState: SIGNED_OUT });
    const theirPage = await theirs.newPage();
    await theirPage.goto("/login");
    await theirPage.getByLabel("Email").fill(person.email);
    await theirPage.getByLabel("Password").fill(person.password);
    await theirPage.getByRole("button", { name: "Sign in" }).click();
    await expect(theirPage.getByRole("alert").filter({ hasText: /./ })).toHaveText("Incorrect email or password.");
    await signInOn(theirPage, { email: person.email, password });
    await expect(theirPage).not.toHaveURL(/\/login/);
    await theirs.close();
  });
});
