// Accessibility of the administration pages and their dialogs: no serious or critical axe
// violations.
import { expect, seriousA11yViolations, test } from "./fixtures";
import { RolesPage, UsersPage } from "./pages/admin-pages";
import { ApiKeysPage } from "./pages/api-keys-page";

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("users, create user dialog, user account details and clear dialog", async ({ page, makeUser, lib }) => {
    const holder = await makeUser({ name: "Keyholder A11y", apiAccess: true });
    const actor = (await lib.loadActor(holder.id))!;
    await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "A11y key" }), { ip: null, userAgent: null });

    const users = new UsersPage(page);
    await users.goto();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await users.openCreateDialog();
    await users.createDialog.getByRole("button", { name: "Create user" }).click();
    await expect(users.createDialog.getByText("Enter a name.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(users.createDialog).toBeHidden();
    await expect(users.createButton).toBeFocused();

    await page.goto(`/admin/users/${holder.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "User account details" })).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "A11y key" })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: `Clear API keys of ${holder.name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: `Clear API keys of ${holder.name}?` });
    await expect(confirm).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Edit profile" }).click();
    await expect(page.getByRole("dialog", { name: "Edit profile" }).getByLabel("Name")).toBeFocused();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("API management, roles, settings, audit log and the profile's activity", async ({ page }) => {
    await page.goto("/admin/api-access");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto("/admin/api-access?expiring=0");
    await expect(page.getByText("Enter a number of days from 1 to 365.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const roles = new RolesPage(page);
    await roles.goto();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await roles.createButton.click();
    await roles.dialog.getByRole("button", { name: "Create role" }).click();
    await expect(roles.dialog.getByText("Enter a name.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await roles.dialog.getByRole("button", { name: "Cancel" }).click();

    await page.goto("/admin/settings");
    await page.getByLabel("Maximum active keys per user").fill("50");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Enter a number from 1 to 20.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto("/admin/audit?from=2026-13-01");
    await expect(page.getByText("Fix the highlighted filters to see events.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto("/admin/audit");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto("/profile/activity");
    await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

test("the API keys tab explains why it is missing without 'Use API keys'", async ({ page, makeUser, signIn }) => {
  await signIn(await makeUser({ roleIds: [] }));
  await page.goto("/profile/api-keys");
  await expect(page.getByText("you do not have the right permissions; ask an administrator")).toBeVisible();
  await expect(new ApiKeysPage(page).issueButton).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
});
