// Every console page fits a 390×844 phone and a 1280×800 laptop with three keys present: nothing
// widens the page past the viewport (wide tables scroll inside their own box), every dialog's
// box and its primary action are inside the viewport (also after a validation error), and the
// user menu opens inside the screen.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

type TestAccount = { id: string; email: string; name: string; password: string };

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;

/** Screenshots to look at, when KEYDESK_E2E_SHOTS names a folder. */
async function layoutShot(page: Page, size: string, name: string) {
  const dir = process.env.KEYDESK_E2E_SHOTS;
  if (!dir) return;
  await page.screenshot({ path: `${dir}/${size}-${name.replace(/^\//, "").replace(/\//g, "_")}.png` });
}

async function expectNoOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${new URL(page.url()).pathname} is ${scrollWidth} px wide in a ${innerWidth} px viewport`).toBeLessThanOrEqual(
    innerWidth,
  );
}

async function expectInViewport(page: Page, locator: Locator, what: string, within?: Locator) {
  await expect(locator, what).toBeVisible();
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const b = await locator.boundingBox();
  const o = within ? await within.boundingBox() : { x: 0, y: 0, width: viewport.width, height: viewport.height };
  if (!b || !o) throw new Error(`${what} has no box`);
  const inside = b.x >= o.x - 0.5 && b.y >= o.y - 0.5 && b.x + b.width <= o.x + o.width + 0.5 && b.y + b.height <= o.y + o.height + 0.5;
  expect(inside, `${what} at ${JSON.stringify(b)} is not inside ${JSON.stringify(o)}`).toBe(true);
}

/** The dialog and its primary action are on screen, and the action is not scrolled out of the dialog. */
async function expectDialogFits(page: Page, dialog: Locator, primary: Locator, what: string) {
  await expectInViewport(page, dialog, `${what} dialog`);
  await expectInViewport(page, primary, `${what}: primary action`, dialog);
  await expectInViewport(page, primary, `${what}: primary action`);
  await expectNoOverflow(page);
}

async function withThreeKeys(
  lib: Parameters<Parameters<typeof test>[2]>[0]["lib"],
  makeUser: (o: { name?: string; admin?: boolean; apiAccess?: boolean }) => Promise<TestAccount>,
): Promise<{ admin: TestAccount; holder: TestAccount }> {
  const admin = await makeUser({ name: "Layout Admin With A Rather Long Name", admin: true, apiAccess: true });
  const holder = await makeUser({ name: `Layout Keyholder ${Math.random().toString(36).slice(2, 7)}`, apiAccess: true });
  for (const account of [admin, holder]) {
    const actor = await lib.loadActor(account.id);
    if (!actor) throw new Error("no actor");
    for (const name of ["Deploy pipeline for the production cluster", "Reporting", "Nightly export"]) {
      await lib.issueApiKey(
        actor,
        lib.fixtures.keyInput({
          name,
          description: "Used by the scheduled job that copies usage into the data warehouse every night",
          apiSets: ["profile:read", "keys:read", "keys:write", "webhooks:read"],
        }),
        { ip: null, userAgent: null },
      );
    }
  }
  return { admin, holder };
}

for (const size of SIZES) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("profile pages and their dialogs fit", async ({ page, lib, makeUser, signIn }) => {
      const { admin } = await withThreeKeys(lib, makeUser);
      await signIn(admin);

      for (const path of ["/profile", "/profile/activity", "/profile/webhooks", "/profile/sessions"]) {
        await page.goto(path);
        await expectNoOverflow(page);
        await layoutShot(page, size.name, path);
      }

      const keys = new ApiKeysPage(page);
      await keys.goto();
      await expectNoOverflow(page);
      await layoutShot(page, size.name, "/profile/api-keys");
      await page.getByRole("link", { name: "Nightly export" }).click();
      await expect(page.getByRole("heading", { name: "Nightly export" })).toBeVisible();
      await expectNoOverflow(page);
      await layoutShot(page, size.name, "key-page");
      await keys.goto();

      // The user menu opens inside the screen.
      await page.getByRole("button", { name: admin.name }).click();
      const menu = page.getByRole("menu", { name: admin.name });
      await expectInViewport(page, menu, "user menu");
      await expectInViewport(page, menu.getByRole("menuitem", { name: "Sign out" }), "Sign out");
      await layoutShot(page, size.name, "user-menu");
      await page.keyboard.press("Escape");

      const row = page.getByRole("row").filter({ hasText: "Reporting" });
      await row.getByRole("button", { name: "Revoke Reporting" }).click();
      const revoke = page.getByRole("alertdialog", { name: "Revoke API key" });
      await expectDialogFits(page, revoke, revoke.getByRole("button", { name: "Confirm" }), "Revoke");
      await layoutShot(page, size.name, "revoke-dialog");
      await revoke.getByRole("button", { name: "Cancel" }).click();

      await row.getByRole("button", { name: "Regenerate Reporting" }).click();
      const regenerate = page.getByRole("dialog", { name: "Regenerate API key" });
      await expectDialogFits(page, regenerate, regenerate.getByRole("button", { name: "Regenerate key" }), "Regenerate");
      await regenerate.getByRole("button", { name: "Cancel" }).click();

      // Make room for a fourth key, then open the New API key dialog.
      await row.getByRole("button", { name: "Revoke Reporting" }).click();
      await revoke.getByRole("button", { name: "Confirm" }).click();
      await expect(revoke).toBeHidden();
      await expect(keys.issueButton).toBeEnabled();
      await keys.openNewKeyDialog();
      const generate = keys.newKeyDialog.getByRole("button", { name: "Generate key" });
      await expectDialogFits(page, keys.newKeyDialog, generate, "New API key");
      await layoutShot(page, size.name, "new-key-dialog");
      // After a validation error the buttons are still in view.
      await keys.newKeyDialog.getByRole("radio", { name: "Custom date" }).check();
      await keys.newKeyDialog.getByRole("textbox", { name: "Description" }).fill("x".repeat(400));
      await keys.acknowledge();
      await generate.click();
      await expect(keys.newKeyDialog.getByText("Enter a name.")).toBeVisible();
      await expectDialogFits(page, keys.newKeyDialog, generate, "New API key after an error");
      await layoutShot(page, size.name, "new-key-dialog-errors");

      await keys.newKeyDialog.getByRole("textbox", { name: "Description" }).fill("");
      await keys.fillNewKey({ name: "Fits the phone", apiSets: ["Read profile", "Read API keys"] });
      await generate.click();
      await expect(keys.revealDialog).toBeVisible();
      await expectDialogFits(page, keys.revealDialog, keys.revealDialog.getByRole("button", { name: "Close" }), "Reveal");
      await expectInViewport(page, keys.revealDialog.getByRole("textbox", { name: "Secret key" }), "the secret", keys.revealDialog);
      await layoutShot(page, size.name, "reveal-dialog");
      await keys.closeReveal();
      await expectNoOverflow(page);
    });

    test("administration pages and their dialogs fit", async ({ page, lib, makeUser, signIn }) => {
      const { admin, holder } = await withThreeKeys(lib, makeUser);
      await signIn(admin);

      for (const path of ["/admin/users", "/admin/keys", "/admin/roles", "/admin/settings", "/admin/audit"]) {
        await page.goto(path);
        await expectNoOverflow(page);
        await layoutShot(page, size.name, path);
      }

      await page.goto("/admin/users");
      await page.getByRole("button", { name: "Create user" }).click();
      const create = page.getByRole("dialog", { name: "Create user" });
      await expectDialogFits(page, create, create.getByRole("button", { name: "Create user" }), "Create user");
      await create.getByRole("button", { name: "Create user" }).click();
      await expect(create.getByText("Enter a name.")).toBeVisible();
      await expectDialogFits(page, create, create.getByRole("button", { name: "Create user" }), "Create user after an error");
      await layoutShot(page, size.name, "create-user-dialog");
      await page.keyboard.press("Escape");

      await page.goto("/admin/roles");
      await page.getByRole("button", { name: "Create role" }).click();
      const role = page.getByRole("dialog", { name: "Create role" });
      await expectDialogFits(page, role, role.getByRole("button", { name: "Create role" }), "Create role");
      await page.keyboard.press("Escape");

      await page.goto("/admin/api-access");
      await expectNoOverflow(page);
      await layoutShot(page, size.name, "/admin/api-access");
      await page.getByRole("button", { name: `Clear API keys of ${holder.name}` }).click();
      const clearHere = page.getByRole("alertdialog", { name: `Clear API keys of ${holder.name}?` });
      await expectDialogFits(page, clearHere, clearHere.getByRole("button", { name: "Clear API keys" }), "Clear API keys (API management)");
      await expect(clearHere).toContainText("must turn API access on and issue a new key");
      await layoutShot(page, size.name, "clear-dialog-api-access");
      await clearHere.getByRole("button", { name: "Cancel" }).click();

      for (const account of [holder, admin]) {
        await page.goto(`/admin/users/${account.id}`);
        await expect(page.getByRole("heading", { level: 1, name: "User account details" })).toBeVisible();
        await expectNoOverflow(page);
        await layoutShot(page, size.name, account === admin ? "/admin/users/self" : "/admin/users/other");
      }
      await page.goto(`/admin/users/${holder.id}`);
      await page.getByRole("button", { name: `Clear API keys of ${holder.name}` }).click();
      const clear = page.getByRole("alertdialog", { name: `Clear API keys of ${holder.name}?` });
      await expectDialogFits(page, clear, clear.getByRole("button", { name: "Clear API keys" }), "Clear API keys");
      await clear.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "Edit profile" }).click();
      const edit = page.getByRole("dialog", { name: "Edit profile" });
      await expectDialogFits(page, edit, edit.getByRole("button", { name: "Save" }), "Edit profile");
    });
  });
}
