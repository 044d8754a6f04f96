// Accessibility: no serious or critical axe violations on the login page, the API keys page and
// both key dialogs.
import { expect, seriousA11yViolations, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

test("login page", async ({ page }) => {
  await page.goto("/login");
  expect(await seriousA11yViolations(page)).toEqual([]);
});

test("API keys page, New API key dialog and reveal dialog", async ({ page, member, signIn }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await keys.openNewKeyDialog();
  // The dialog takes focus when it opens.
  await expect(keys.newKeyDialog.getByLabel("Name")).toBeFocused();
  await keys.acknowledge();
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  await expect(keys.newKeyDialog.getByText("Enter a name.")).toBeVisible();
  expect(await seriousA11yViolations(page)).toEqual([]);

  await keys.fillNewKey({ name: "Accessible" });
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  await keys.readReveal();
  expect(await seriousA11yViolations(page)).toEqual([]);
  await keys.closeReveal();
  await expect(keys.issueButton).toBeFocused();
  expect(await seriousA11yViolations(page)).toEqual([]);
});
