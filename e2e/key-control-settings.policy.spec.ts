// /admin/settings → Rate limits and unused keys: the per-key rate-limit default and maximum and
// "revoke keys unused for N days" refuse bad values under their fields (tied and focused),
// persist, reach the New API key dialog (the default offered, the maximum enforced, a key issued
// without a limit gets the default), and are put back. These are global settings, so this spec
// runs in the policy project, after every other test of its engine (playwright.config.ts).
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signInOn } from "./pages/admin-pages";
import { ApiKeysPage } from "./pages/api-keys-page";

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 800 },
] as const;

/** The control is refused with `message`, and it is described by that message. */
async function expectRefused(control: Locator, message: string) {
  await expect(control).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await control.getAttribute("aria-describedby")) ?? "";
  const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
  expect(errorId, `aria-describedby="${describedBy}"`).toBeTruthy();
  await expect(control.page().locator(`[id="${errorId}"]`)).toHaveText(message);
}

function settingsForm(page: Page) {
  return {
    maxActiveKeys: page.getByRole("spinbutton", { name: "Maximum active keys per user" }),
    defaultLimit: page.getByRole("spinbutton", { name: "Default rate limit" }),
    per: page.getByRole("combobox", { name: "Per" }),
    maxLimit: page.getByRole("spinbutton", { name: "Maximum rate limit (requests per minute)" }),
    unusedDays: page.getByRole("spinbutton", { name: "Revoke keys unused for (days)" }),
    save: page.getByRole("button", { name: "Save settings" }),
    toast: (text: string) => page.getByRole("region", { name: /Notifications/ }).getByText(text, { exact: true }),
  };
}

async function openSettings(page: Page) {
  await page.goto("/admin/settings");
  // The fields get their values when the form hydrates (react-hook-form sets them on mount).
  await expect(settingsForm(page).maxActiveKeys).not.toHaveValue("");
  return settingsForm(page);
}

test.describe.configure({ mode: "serial" });

for (const size of SIZES) {
  test.describe(`at ${size.name} size`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("rate-limit default and maximum and the unused-keys policy: refused, saved, applied to new keys, restored", async ({
      page,
      browser,
      baseURL,
      lib,
      makeUser,
      signIn,
    }) => {
      test.setTimeout(120_000);
      // Its own administrator: the policy project does not wait for the setup's signed-in states.
      await signIn(await makeUser({ admin: true }));
      const stored = () => lib.db.policy.findUniqueOrThrow({ where: { id: 1 } });
      const original = await stored();
      let form = await openSettings(page);
      const previous = {
        defaultLimit: await form.defaultLimit.inputValue(),
        per: await form.per.inputValue(),
        maxLimit: await form.maxLimit.inputValue(),
        unusedDays: await form.unusedDays.inputValue(),
      };

      try {
        // A default above the maximum is refused at the default, counted per minute: 10 per
        // second is 600 per minute.
        await form.defaultLimit.fill("10");
        await form.per.selectOption("second");
        await form.maxLimit.fill("500");
        await form.unusedDays.fill("90");
        await form.save.click();
        await expectRefused(form.defaultLimit, "The default rate limit cannot be higher than the maximum.");
        await expect(form.defaultLimit).toBeFocused();
        await expect(form.maxLimit).not.toHaveAttribute("aria-invalid");

        // Not whole numbers, and days out of range: each under its own field, the first focused.
        await form.defaultLimit.fill("");
        await form.maxLimit.fill("2.5");
        await form.unusedDays.fill("7");
        await form.save.click();
        await expectRefused(form.maxLimit, "Enter a whole number of requests.");
        await expectRefused(form.unusedDays, "Enter a number of days from 8 to 365, or leave it empty.");
        await expect(form.defaultLimit).not.toHaveAttribute("aria-invalid");
        await expect(form.maxLimit).toBeFocused();
        await form.maxLimit.fill("600");
        await form.unusedDays.fill("30.5");
        await form.save.click();
        await expectRefused(form.unusedDays, "Enter a whole number of days.");
        await expect(form.unusedDays).toBeFocused();
        await form.unusedDays.fill("0");
        await form.save.click();
        await expectRefused(form.unusedDays, "Enter a number of days from 8 to 365, or leave it empty.");
        // Nothing of it reached the policy.
        expect(await stored()).toEqual(original);

        // Valid values are saved, audited and still there after a reload.
        await form.defaultLimit.fill("2");
        await form.per.selectOption("second");
        await form.maxLimit.fill("600");
        await form.unusedDays.fill("90");
        await form.save.click();
        await expect(form.toast("Settings saved.")).toBeVisible();
        await expect(form.save).toBeFocused();
        for (const field of [form.defaultLimit, form.maxLimit, form.unusedDays]) await expect(field).not.toHaveAttribute("aria-invalid");
        await expect
          .poll(async () => {
            const p = await stored();
            return [p.defaultRateLimitRequests, p.defaultRateLimitWindowSeconds, p.maxRateLimitPerMinute, p.revokeUnusedAfterDays];
          })
          .toEqual([2, 1, 600, 90]);
        form = await openSettings(page);
        await expect(form.defaultLimit).toHaveValue("2");
        await expect(form.per).toHaveValue("second");
        await expect(form.maxLimit).toHaveValue("600");
        await expect(form.unusedDays).toHaveValue("90");

        // A member's New API key dialog offers the default and enforces the maximum.
        const member = await makeUser({ apiAccess: true });
        const context = await browser.newContext({
          baseURL,
          viewport: { width: size.width, height: size.height },
          storageState: { cookies: [], origins: [] },
        });
        try {
          const memberPage = await context.newPage();
          await signInOn(memberPage, member);
          const keys = new ApiKeysPage(memberPage);
          await keys.goto();
          await keys.openNewKeyDialog();
          await keys.fillNewKey({ name: `policy-${size.name}` });
          const requests = keys.newKeyDialog.getByRole("spinbutton", { name: "Requests" });
          await expect(requests).toHaveAccessibleDescription(
            "Leave empty for 2 requests per second (the policy's default). At most 600 requests per minute.",
          );
          await requests.fill("2.5");
          await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
          await expectRefused(requests, "Enter a number of requests from 1 to 1,000,000, or leave it empty.");
          // 11 per second is 660 per minute: above the maximum, refused at the field, nothing issued.
          await requests.fill("11");
          await keys.newKeyDialog.getByRole("combobox", { name: "Per" }).selectOption("second");
          await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
          await expectRefused(requests, "The most a key may allow is 600 requests per minute.");
          await expect(requests).toBeFocused();
          expect(await lib.db.apiKey.count({ where: { userId: member.id } })).toBe(0);
          // Left empty, the key gets the policy's default, and the API applies it.
          await requests.fill("");
          await keys.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
          const { clientId, token } = await keys.readReveal();
          await keys.closeReveal();
          const me = await memberPage.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
          expect(me.status()).toBe(200);
          expect(me.headers()["ratelimit-policy"]).toBe('"key";q=2;w=1');
          await memberPage.goto(`/profile/api-keys/${clientId}`);
          await expect(memberPage.getByText("2 requests per second")).toBeVisible();
        } finally {
          await context.close();
        }
      } finally {
        // Put back what was there, through the same form.
        form = await openSettings(page);
        await form.defaultLimit.fill(previous.defaultLimit);
        await form.per.selectOption(previous.per);
        await form.maxLimit.fill(previous.maxLimit);
        await form.unusedDays.fill(previous.unusedDays);
        await form.save.click();
        await expect(form.toast("Settings saved.").or(form.toast("Nothing changed."))).toBeVisible();
      }
      const restored = await stored();
      expect({ ...restored, updatedAt: null }).toEqual({ ...original, updatedAt: null });
    });
  });
}
