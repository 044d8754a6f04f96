// Key controls end to end: an IP allowlist set when issuing refuses a request from elsewhere
// (ip_not_allowed), the Edit dialog changes name, allowlist and narrows the API sets, and
// Deactivate / Activate on the key's page and in the list refuse (key_inactive) and restore the
// key at once; the key's page then lists the refused requests.
import { expect, seriousA11yViolations, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

test("allowlist when issuing, a request refused, edit, deactivate and activate", async ({ page, member, signIn, baseURL }) => {
  await signIn(member);
  const keys = new ApiKeysPage(page);
  await keys.goto();
  await keys.openNewKeyDialog();
  await keys.fillNewKey({ name: "Fenced job", apiSets: ["Read profile", "Read API keys"] });
  const dialog = keys.newKeyDialog;
  const allowlist = dialog.getByLabel("IP allowlist");
  // A bad entry is named next to the field and nothing is issued.
  await allowlist.fill("203.0.113.0/24\nnot-an-address");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  await expect(allowlist).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByText(/Not an IP address or CIDR range: “not-an-address”/)).toBeVisible();
  await allowlist.fill("203.0.113.0/24");
  await dialog.getByRole("button", { name: "Generate key" }).click();
  const { clientId, token } = await keys.readReveal();
  await keys.closeReveal();

  const me = `${baseURL}/api/v1/me`;
  const call = async () => {
    const res = await page.request.get(me, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status(), code: res.status() === 200 ? null : (await res.json()).code };
  };
  // This browser test calls from the loopback address, which is not on the list.
  expect(await call()).toEqual({ status: 403, code: "ip_not_allowed" });

  // The key's page shows the list; Edit renames it, lets loopback in and narrows the sets.
  await keys.row("Fenced job").getByRole("link", { name: "Fenced job" }).click();
  await expect(page.getByRole("heading", { name: "Fenced job" })).toBeVisible();
  await expect(page.getByText("203.0.113.0/24")).toBeVisible();
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("dialog", { name: "Edit API key" });
  await expect(edit.getByLabel("Name")).toHaveValue("Fenced job");
  await expect(edit.getByLabel("IP allowlist")).toHaveValue("203.0.113.0/24");
  // Only the key's own sets are offered, to be removed.
  await expect(edit.getByRole("checkbox")).toHaveCount(2);
  await page.emulateMedia({ colorScheme: "dark" });
  expect(await seriousA11yViolations(page, "dialog")).toEqual([]);
  await page.emulateMedia({ colorScheme: "light" });
  expect(await seriousA11yViolations(page, "dialog")).toEqual([]);
  await edit.getByLabel("Name").fill("Fenced job (local)");
  await edit.getByLabel("IP allowlist").fill("127.0.0.1\n::1, 203.0.113.0/24");
  await edit.getByRole("checkbox", { name: /Read profile/ }).uncheck();
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();
  await expect(page.getByText("“Fenced job (local)” saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Fenced job (local)" })).toBeVisible();
  await expect(page.getByText("127.0.0.1/32")).toBeVisible();
  await expect(page.getByText("::1/128")).toBeVisible();
  // Allowed from here now, but /me needs the set that was removed.
  expect(await call()).toEqual({ status: 403, code: "insufficient_scope" });
  const list = await page.request.get(`${baseURL}/api/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
  expect(list.status()).toBe(200);

  // Deactivate on the key's page: confirmed, refused at once, shown as Inactive.
  await page.getByRole("button", { name: "Deactivate" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Deactivate API key" });
  await expect(confirm).toContainText(clientId);
  await confirm.getByRole("button", { name: "Deactivate" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("definition").filter({ hasText: /^Inactive$/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Activate" })).toBeFocused();
  const inactive = await page.request.get(`${baseURL}/api/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
  expect(inactive.status()).toBe(401);
  expect((await inactive.json()).code).toBe("key_inactive");

  // The list shows it as Inactive; Activate there makes it work again.
  await keys.goto();
  const row = keys.row("Fenced job (local)");
  await expect(row).toContainText("Inactive");
  await expect(page.getByText("Inactive keys count too.")).toBeVisible();
  await row.getByRole("button", { name: "Activate Fenced job (local)" }).click();
  await page.getByRole("alertdialog", { name: "Activate API key" }).getByRole("button", { name: "Activate" }).click();
  await expect(row).toContainText("Active");
  await expect(row.getByRole("button", { name: "Deactivate Fenced job (local)" })).toBeFocused();
  const active = await page.request.get(`${baseURL}/api/v1/keys`, { headers: { authorization: `Bearer ${token}` } });
  expect(active.status()).toBe(200);

  // The key page with its buttons fits a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await row.getByRole("link", { name: "Fenced job (local)" }).click();
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The refused requests are listed on the key's page once the API has written its batch.
  const refused = page.getByRole("region", { name: "Refused requests, newest first" });
  await expect
    .poll(
      async () => {
        await page.reload();
        return (await refused.count()) > 0 ? refused.getByRole("row").count() : 0;
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .toBe(4);
  await expect(refused.getByRole("row").nth(1)).toContainText("key_inactive");
  await expect(refused.getByRole("row").nth(1)).toContainText("GET /api/v1/keys");
  await expect(refused).toContainText("insufficient_scope");
  await expect(refused).toContainText("ip_not_allowed");
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
