// The console's forms share one wiring: each refusal sits under its field, is tied to the control
// (aria-invalid, aria-describedby naming the message) and the first refused field takes focus;
// a change is confirmed by a toast and focus stays on a control, never on the page.
import type { Locator, Page } from "@playwright/test";
import { expect, seriousA11yViolations, test } from "./fixtures";
import { RolesPage } from "./pages/admin-pages";

const unique = () => Math.random().toString(36).slice(2, 8);

/** The control is refused with `message`, and the message is what it is described by. */
async function expectRefused(control: Locator, message: string) {
  await expect(control).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await control.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  expect(errorId, `aria-describedby="${describedBy}"`).toBeTruthy();
  await expect(control.page().locator(`[id="${errorId}"]`)).toHaveText(message);
}

function toast(page: Page, text: string): Locator {
  return page.getByRole("region", { name: /Notifications/ }).getByText(text, { exact: true });
}

async function expectFocusOnControl(page: Page) {
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

test.describe(() => {
  test.use({ signedInAs: "admin" });

  test("settings: the webhook limit is edited like the other policy fields, refusals are tied and focused, a save toasts", async ({
    page,
    lib,
    signedInAccount: admin,
  }) => {
    await page.goto("/admin/settings");
    const activeKeys = page.getByLabel("Maximum active keys per user");
    const webhooks = page.getByRole("spinbutton", { name: "Maximum webhooks per user" });
    const save = page.getByRole("button", { name: "Save settings" });
    await expect(page.getByText("Lowering it deletes no webhook")).toBeVisible();
    // The fields get their values when the form hydrates (react-hook-form sets them on mount).
    await expect(webhooks).not.toHaveValue("");
    const current = Number(await webhooks.inputValue());
    expect(current).toBeGreaterThanOrEqual(1);

    // Two refused fields: both tied to their message, the first one focused.
    await activeKeys.fill("50");
    await webhooks.fill("0");
    await save.click();
    await expectRefused(activeKeys, "Enter a number from 1 to 20.");
    await expectRefused(webhooks, "Enter a number from 1 to 100.");
    await expect(activeKeys).toBeFocused();
    await expect(webhooks).toHaveAttribute("aria-describedby", "policy-maxWebhooks-hint policy-maxWebhooks-error");

    await page.reload();
    await webhooks.fill("2.5");
    await save.click();
    await expectRefused(webhooks, "Enter a whole number.");
    await expect(webhooks).toBeFocused();

    // A raised limit (never lowered here: other journeys add webhooks meanwhile) is saved,
    // toasted and audited; focus stays on Save settings. Then the old value comes back.
    await webhooks.fill(String(current + 1));
    await save.click();
    await expect(toast(page, "Settings saved.")).toBeVisible();
    await expect(save).toBeFocused();
    await expect(webhooks).not.toHaveAttribute("aria-invalid");
    const audit = await lib.db.auditEvent.findFirstOrThrow({
      where: { action: "settings.updated", actorId: admin.id },
      orderBy: { id: "desc" },
    });
    expect(JSON.parse(audit.details)).toEqual({ before: { maxWebhooks: current }, after: { maxWebhooks: current + 1 } });
    await page.reload();
    await expect(webhooks).toHaveValue(String(current + 1));
    await webhooks.fill(String(current));
    await save.click();
    await expect(toast(page, "Settings saved.")).toBeVisible();
    await save.click();
    await expect(toast(page, "Nothing changed.")).toBeVisible();
    await expect(save).toBeFocused();
  });

  test("roles: a taken name is refused at the Name field and focused; create and delete toast, focus stays on a control", async ({
    page,
  }) => {
    const roles = new RolesPage(page);
    await roles.goto();
    await roles.createButton.click();
    const name = roles.dialog.getByRole("textbox", { name: "Name" });
    await name.fill("Admin");
    await roles.dialog.getByRole("textbox", { name: "Description" }).click();
    await roles.dialog.getByRole("button", { name: "Create role" }).click();
    await expectRefused(name, "A role with this name already exists.");
    await expect(name).toBeFocused();

    const role = `Readers ${unique()}`;
    await name.fill(role);
    await roles.dialog.getByRole("checkbox", { name: "View audit log", exact: true }).check();
    await roles.dialog.getByRole("button", { name: "Create role" }).click();
    await expect(roles.dialog).toBeHidden();
    await expect(toast(page, `Role “${role}” created.`)).toBeVisible();
    await expect(roles.createButton).toBeFocused();

    await roles
      .row(role)
      .getByRole("button", { name: `Delete ${role}` })
      .click();
    await page
      .getByRole("alertdialog", { name: `Delete the role ${role}?` })
      .getByRole("button", { name: "Delete role" })
      .click();
    await expect(toast(page, `Role “${role}” deleted.`)).toBeVisible();
    await expect(roles.row(role)).toHaveCount(0);
    await expectFocusOnControl(page);
  });

  test("a user's roles: Save roles confirms with a toast and keeps the focus", async ({ page, makeUser }) => {
    const person = await makeUser({ name: `Roles ${unique()}` });
    await page.goto(`/admin/users/${person.id}`);
    const save = page.getByRole("button", { name: "Save roles" });
    await save.click();
    await expect(toast(page, "Nothing changed.")).toBeVisible();
    await page.getByRole("checkbox", { name: "Admin", exact: true }).check();
    await save.click();
    await expect(toast(page, "Roles saved.")).toBeVisible();
    await expect(save).toBeFocused();
    await expect(save).toBeEnabled();
  });
});

test("change password: a wrong current password is refused at its field and focused", async ({ page, makeUser, signIn }) => {
  await signIn(await makeUser());
  await page.goto("/profile");
  await page.getByRole("button", { name: "Change password" }).click();
  const dialog = page.getByRole("dialog", { name: "Change password" });
  const current = dialog.getByLabel("Current password");
  await current.fill("not my password at all");
  await dialog.getByRole("textbox", { name: "New password", exact: true }).fill("a brand new long password");
  await dialog.getByLabel("Repeat new password").fill("a brand new long password");
  await dialog.getByRole("button", { name: "Change password" }).click();
  await expectRefused(current, "Your current password is not correct.");
  await expect(current).toBeFocused();
  await expect(dialog.getByRole("textbox", { name: "New password", exact: true })).not.toHaveAttribute("aria-invalid");
});

test("the webhook signing secret is shown like a key's: whole, focused and selected", async ({ page, makeUser, signIn }) => {
  await signIn(await makeUser({ apiAccess: true }));
  await page.goto("/profile/webhooks");
  await page.getByRole("button", { name: "Add webhook" }).click();
  const dialog = page.getByRole("dialog", { name: "New webhook" });
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  // The first refused field (URL) takes focus; the group's error is tied to the group.
  await expect(dialog.getByLabel("URL")).toBeFocused();
  await expectRefused(dialog.getByLabel("URL"), "Enter the URL.");
  await expectRefused(dialog.getByRole("group", { name: "Operation type" }), "Choose at least one operation type.");
  await dialog.getByLabel("URL").fill("http://127.0.0.1:9/forms-hook");
  await dialog.getByRole("checkbox", { name: "Revoked" }).check();
  await dialog.getByRole("button", { name: "Add webhook" }).click();
  const reveal = page.getByRole("dialog", { name: "Your webhook's signing secret" });
  const secret = reveal.getByRole("textbox", { name: "Signing secret" });
  await expect(secret).toBeFocused();
  const value = await secret.inputValue();
  expect(value).toMatch(/^whsec_/);
  expect(await secret.evaluate((el: HTMLTextAreaElement) => el.value.slice(el.selectionStart, el.selectionEnd))).toBe(value);
  await reveal.getByLabel("I have copied the signing secret and stored it securely").check();
  await reveal.getByRole("button", { name: "Close" }).click();
  await expect(reveal).toBeHidden();
  await expectFocusOnControl(page);
});

test.describe("in dark mode", () => {
  test.use({ signedInAs: "admin", colorScheme: "dark" });

  test("refused forms and their toasts pass axe, also with the pointer still on the submit button", async ({ page }) => {
    await page.goto("/admin/settings");
    await page.getByRole("spinbutton", { name: "Maximum webhooks per user" }).fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Enter a number from 1 to 100.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.reload();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(toast(page, "Nothing changed.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    const roles = new RolesPage(page);
    await roles.goto();
    await roles.createButton.click();
    await roles.dialog.getByRole("textbox", { name: "Name" }).fill("Admin");
    await roles.dialog.getByRole("button", { name: "Create role" }).click();
    await expect(roles.dialog.getByText("A role with this name already exists.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
