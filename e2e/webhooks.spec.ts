// Webhooks journey: a member adds a webhook pointing at a receiver this test runs, stores the
// signing secret, revokes a key, and sees the delivery with status 200 in the log (the receiver
// verifies the signature with the standardwebhooks package); an administrator sees the webhook
// on User account details and switches it off, and the member sees who did.
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver } from "../lib/testing/webhook-receiver";
import { expect, seriousA11yViolations, test } from "./fixtures";
import { signInOn } from "./pages/admin-pages";
import { ApiKeysPage } from "./pages/api-keys-page";

const unique = () => Math.random().toString(36).slice(2, 8);

test("a revoked key reaches the member's webhook, signed; the administrator switches it off", async ({
  page,
  browser,
  baseURL,
  member,
  makeUser,
  signIn,
}) => {
  test.slow(); // two accounts, six accessibility scans and a real delivery
  const receiver = await startWebhookReceiver(`/hooks/${unique()}`);
  try {
    await signIn(member);
    const keys = new ApiKeysPage(page);
    await keys.goto();
    const keyName = `Hooked ${unique()}`;
    const { clientId } = await keys.issue({ name: keyName });
    await keys.closeReveal();

    // Add the webhook: API key, Revoked.
    await page.getByRole("navigation", { name: "Profile sections" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Your webhooks" })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook" });
    // Nothing chosen: the errors are tied to their fields.
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog.getByText("Enter the URL.")).toBeVisible();
    await expect(dialog.getByText("Choose at least one operation type.")).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByLabel("URL").fill("https://10.0.0.1/hook");
    await dialog.getByRole("checkbox", { name: "Revoked" }).check();
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    await expect(dialog.getByText(/private address/)).toBeVisible();
    await dialog.getByLabel("URL").fill(receiver.url);
    await expect(dialog.getByRole("radio", { name: "API key" })).toBeChecked();
    await dialog.getByRole("button", { name: "Add webhook" }).click();
    const reveal = page.getByRole("dialog", { name: "Your webhook's signing secret" });
    await expect(reveal).toBeVisible();
    const secret = await reveal.getByRole("textbox", { name: "Signing secret" }).inputValue();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(secret).toMatch(/^whsec_/);
    await expect(reveal.getByRole("button", { name: "Close" })).toBeDisabled();
    await reveal.getByLabel("I have copied the signing secret and stored it securely").check();
    await reveal.getByRole("button", { name: "Close" }).click();
    await expect(reveal).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: receiver.url });
    await expect(row).toContainText("API key");
    await expect(row).toContainText("Revoked");
    await expect(row.getByRole("switch", { name: `Status of ${receiver.url}` })).toHaveAttribute("aria-checked", "true");

    // Revoke the key; the worker delivers the event.
    await keys.goto();
    await keys
      .row(keyName)
      .getByRole("button", { name: `Revoke ${keyName}` })
      .click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Confirm" }).click();
    await keys.showRevokedAndExpired();
    await expect(keys.row(keyName)).toContainText("Revoked");
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const got = receiver.received[0]!;
    const body = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as {
      type: string;
      sequence: number;
      data: { key: { clientId: string; status: string } };
    };
    expect(body).toMatchObject({ type: "api_key.revoked", sequence: 1, data: { key: { clientId, status: "revoked" } } });

    // The delivery log shows it with status 200 (the worker records the attempt just after the
    // receiver has answered).
    const log = page.getByRole("table", { name: /delivery attempts/ });
    await expect(async () => {
      await page.goto("/profile/webhooks");
      await expect(log.getByRole("row").nth(1)).toContainText("API key revoked", { timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await expect(log.getByRole("row").nth(1)).toContainText("200");
    expect(await seriousA11yViolations(page)).toEqual([]);
    await expect(page.getByRole("row").filter({ hasText: receiver.url }).first()).toContainText("· 200");

    // An administrator sees it on User account details and switches it off.
    const admin = await makeUser({ admin: true, name: `Admin ${unique()}` });
    const adminContext = await browser.newContext({ baseURL });
    const adminPage = await adminContext.newPage();
    await signInOn(adminPage, admin);
    await adminPage.goto(`/admin/users/${member.id}`);
    const section = adminPage.getByRole("region", { name: "Webhooks" });
    const adminRow = section.getByRole("row").filter({ hasText: receiver.url });
    await expect(adminRow).toContainText("API key");
    await expect(adminRow).toContainText("Revoked");
    await expect(adminRow).toContainText("On");
    await adminRow.getByRole("button", { name: `Switch off ${receiver.url}` }).click();
    await adminPage.getByRole("alertdialog").getByRole("button", { name: "Switch off" }).click();
    await expect(adminRow).toContainText("Off");
    await expect(adminRow).toContainText("Switched off by an administrator");
    expect(await seriousA11yViolations(adminPage)).toEqual([]);
    await adminContext.close();

    // The member sees who switched it off.
    await page.reload();
    const own = page.getByRole("row").filter({ hasText: receiver.url }).first();
    await expect(own.getByRole("switch", { name: `Status of ${receiver.url}` })).toHaveAttribute("aria-checked", "false");
    await expect(own).toContainText(`Switched off by an administrator (${admin.name})`);
  } finally {
    await receiver.close();
  }
});
