// Profile → API keys: issuing with the reveal-once dialog, the list, the limit, revoke,
// regenerate and the API access switch.
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("issue a key: the secret is shown once, copied, downloaded, then gone", async ({ page, makeUser, signIn, baseURL }) => {
  const user = await makeUser({ apiAccess: false });
  await signIn(user);
  const keys = new ApiKeysPage(page);
  await keys.goto();

  // API endpoint with copy.
  const endpoint = `${baseURL}/api/v1`;
  await expect(page.getByRole("textbox", { name: "API endpoint" })).toHaveValue(endpoint);
  await page.getByRole("button", { name: "Copy to clipboard: API endpoint" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(endpoint);

  // Access is off: issuing is disabled with the reason shown.
  await expect(keys.issueButton).toBeDisabled();
  await expect(page.getByText("Turn on API access to issue keys.")).toBeVisible();
  await keys.accessSwitch.click();
  await expect(keys.accessSwitch).toHaveAttribute("aria-checked", "true");
  await expect(keys.issueButton).toBeEnabled();

  await keys.openNewKeyDialog();
  const dialog = keys.newKeyDialog;
  // Nothing filled in: errors next to the fields, nothing issued.
  await dialog.getByRole("button", { name: "Generate key" }).click();
  await expect(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText("Enter a name.")).toBeVisible();
  await expect(dialog.getByText("Select at least one API set.")).toBeVisible();

  await dialog.getByLabel("Name").fill("CI deploy");
  // Keyboard-operable lists: Space highlights, Enter moves across.
  const available = dialog.getByRole("listbox", { name: "Available API" });
  await available.focus();
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  const selected = dialog.getByRole("listbox", { name: "Selected API" });
  await expect(selected.getByRole("option")).toHaveText(["Read profile", "Read API keys"]);
  // ← moves a highlighted item back.
  await selected.getByRole("option", { name: "Read API keys" }).click();
  await dialog.getByRole("button", { name: "Remove highlighted from Selected API" }).click();
  await expect(selected.getByRole("option")).toHaveText(["Read profile"]);
  await available.getByRole("option", { name: "Manage API keys" }).dblclick();
  await expect(selected.getByRole("option")).toHaveText(["Read profile", "Manage API keys"]);
  await dialog.getByRole("radio", { name: "90 days" }).check();
  const actionResponse = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/profile/api-keys"));
  await dialog.getByRole("button", { name: "Generate key" }).click();

  const { clientId, token } = await keys.readReveal();
  // The one response that carries the secret is never cached.
  expect((await actionResponse).headers()["cache-control"]).toContain("no-store");
  expect(token).toMatch(new RegExp(`^kdk_${clientId}_[0-9A-Za-z]{49}$`));
  await expect(keys.revealDialog).toContainText("will never be shown again");
  await expect(keys.revealDialog.getByRole("textbox", { name: "API endpoint" })).toHaveValue(endpoint);

  // It cannot be dismissed before the checkbox is ticked.
  const close = keys.revealDialog.getByRole("button", { name: "Close" });
  await expect(close).toBeDisabled();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.mouse.click(5, 5);
  await expect(keys.revealDialog).toBeVisible();

  await keys.revealDialog.getByRole("button", { name: "Copy to clipboard: Secret key" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await keys.revealDialog.getByRole("button", { name: "Copy to clipboard: Client ID" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientId);

  const downloadPromise = page.waitForEvent("download");
  await keys.revealDialog.getByRole("button", { name: "Download .APIKEY" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("ci-deploy.APIKEY");
  const file = await readFile((await download.path())!, "utf8");
  expect(file).toContain(`Endpoint:    ${endpoint}\r\n`);
  expect(file).toContain(`Client ID:   ${clientId}\r\n`);
  expect(file).toContain(`Secret key:  ${token}\r\n`);
  expect(file).toContain("Read profile (profile:read), Manage API keys (keys:write)");

  await keys.closeReveal();
  expect(await page.content()).not.toContain(token);
  expect(await page.evaluate(() => document.body.textContent)).not.toContain(token.slice(30));

  const row = keys.row("CI deploy");
  await expect(row.getByRole("cell")).toContainText(["-", clientId, `…${token.slice(-4)}`, "Read profileManage API keys"]);
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Active");
  await page.reload();
  expect(await page.content()).not.toContain(token);
  await expect(page.getByText("1 of 3 active keys.")).toBeVisible();
});

test("at most 3 active keys: the button explains, and the server refuses a fourth", async ({ page, member, signIn, lib, browser }) => {
  const actor = (await lib.loadActor(member.id))!;
  for (const name of ["one", "two"]) {
    await lib.issueApiKey(actor, lib.fixtures.keyInput({ name }), { ip: null, userAgent: null });
  }
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  // Open the dialog while a slot is free, then use the slot from elsewhere.
  await keys.openNewKeyDialog();
  await keys.fillNewKey({ name: "four" });
  await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "three" }), { ip: null, userAgent: null });
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  await expect(keys.newKeyDialog.getByRole("alert")).toHaveText(
    "You already have 3 active keys, the most allowed. Revoke one to issue another.",
  );
  await expect(keys.revealDialog).toBeHidden();
  await keys.newKeyDialog.getByRole("button", { name: "Cancel" }).click();

  await page.reload();
  await expect(keys.issueButton).toBeDisabled();
  await expect(page.getByText("You have 3 active keys, the most allowed. Revoke a key to issue a new one.")).toBeVisible();
  await expect(keys.row("four")).toHaveCount(0);
  expect(await lib.db.apiKey.count({ where: { userId: member.id } })).toBe(3);
  void browser;
});

test("a duplicate name and a date past the policy are refused next to their fields", async ({ page, member, signIn }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.issue({ name: "Reports" });
  await keys.closeReveal();

  await keys.openNewKeyDialog();
  await keys.fillNewKey({ name: "reports", expiration: { custom: "2099-01-01" } });
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  const date = keys.newKeyDialog.getByLabel("Expiry date");
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await expect(keys.newKeyDialog.getByText(/Keys may live at most 365 days: choose \d{4}-\d{2}-\d{2} or earlier\./)).toBeVisible();

  await date.fill(new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10));
  await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
  await expect(keys.newKeyDialog.getByText("You already have an active key with this name.")).toBeVisible();
  await expect(keys.newKeyDialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await expect(keys.revealDialog).toBeHidden();
});

test("revoke asks for confirmation and keeps the key listed as Revoked", async ({ page, member, signIn }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.issue({ name: "Old integration" });
  await keys.closeReveal();

  await page.getByRole("button", { name: "Revoke Old integration" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Revoke API key" });
  await expect(confirm).toContainText("stops working at once");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(keys.row("Old integration")).toContainText("Active");

  await page.getByRole("button", { name: "Revoke Old integration" }).click();
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(confirm).toBeHidden();
  const row = keys.row("Old integration");
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button")).toHaveCount(0);
  await expect(page.getByText("0 of 3 active keys.")).toBeVisible();
});

test("regenerate shows a new secret; the old one stops now or after the chosen grace", async ({ page, member, signIn }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  const first = await keys.issue({ name: "Worker", description: "queue consumer", apiSets: ["Read API keys"], expiration: "7 days" });
  await keys.closeReveal();

  await page.getByRole("button", { name: "Regenerate Worker" }).click();
  const confirm = page.getByRole("dialog", { name: "Regenerate API key" });
  await confirm.getByRole("radio", { name: "Keep the old secret valid for 1 hour" }).check();
  await confirm.getByRole("button", { name: "Regenerate key" }).click();
  const second = await keys.readReveal();
  expect(second.token).not.toBe(first.token);
  expect(second.clientId).not.toBe(first.clientId);
  await keys.closeReveal();

  const rows = keys.row("Worker");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText(second.clientId);
  await expect(rows.nth(0)).toContainText("queue consumer");
  await expect(rows.nth(0)).toContainText("Read API keys");
  await expect(rows.nth(1)).toContainText(first.clientId);
  await expect(rows.nth(1)).toContainText("Replaced");
  await expect(rows.nth(1)).toContainText("Old secret valid until expiry");

  await page.getByRole("button", { name: "Regenerate Worker" }).click();
  await confirm.getByRole("radio", { name: "Stop the old secret now" }).check();
  await confirm.getByRole("button", { name: "Regenerate key" }).click();
  const third = await keys.readReveal();
  await keys.closeReveal();
  await expect(keys.row("Worker")).toHaveCount(3);
  const secondRow = page.getByRole("row").filter({ hasText: second.clientId });
  await expect(secondRow).toContainText("Revoked");
  await expect(secondRow).toContainText("Regenerated");
  await expect(page.getByRole("row").filter({ hasText: third.clientId })).toContainText("Active");
});

test("turning API access off asks first and disables issuing", async ({ page, member, signIn }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.issue({ name: "Nightly" });
  await keys.closeReveal();
  await keys.accessSwitch.click();
  const confirm = page.getByRole("dialog", { name: "Turn off API access?" });
  await expect(confirm).toContainText("Your 1 active key stops working");
  await confirm.getByRole("button", { name: "Turn off" }).click();
  await expect(keys.accessSwitch).toHaveAttribute("aria-checked", "false");
  await expect(keys.issueButton).toBeDisabled();
  await expect(keys.row("Nightly")).toContainText("Active");
});
