// The credential report: an administrator sees every key of a user on All keys, filters it and
// downloads it as CSV.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test } from "./fixtures";

test.describe("as an administrator", () => {
  test.use({ signedInAs: "admin" });

  test("All keys lists a user's keys with their status, filters them and exports them as CSV", async ({ page, makeUser, lib }) => {
    const holder = await makeUser({ name: `Report ${Math.random().toString(36).slice(2, 8)}` });
    const actor = await lib.loadActor(holder.id);
    if (!actor) throw new Error("no actor");
    const meta = { ip: null, userAgent: null };
    const kept = await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Kept", apiSets: ["keys:read"] }), meta);
    await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Second", apiSets: ["profile:read"] }), meta);

    await page.goto("/admin/keys");
    await expect(page.getByRole("heading", { level: 1, name: "All keys" })).toBeVisible();
    await page.getByLabel("Owner email").fill(holder.email);
    await page.getByLabel("API set").selectOption({ label: "Read API keys" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("status")).toHaveText("1 key match these filters.");
    const row = page.getByRole("row").filter({ hasText: kept.key.clientId });
    await expect(row).toContainText("Kept");
    await expect(row).toContainText(holder.email);
    await expect(row).toContainText("Active");

    await page.getByLabel("API set").selectOption({ label: "Any API set" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("status")).toHaveText("2 keys match these filters.");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const file = await (await download).path();
    const rows: string[][] = parse(readFileSync(file, "utf8"));
    expect(rows[0]).toEqual([
      "Owner name",
      "Owner email",
      "Key name",
      "Client ID",
      "API sets",
      "Created at",
      "Expires at",
      "Last used at",
      "Last used IP",
      "Status",
    ]);
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(["Kept", "Second"]);
    expect(rows.every((r) => r.length === 10)).toBe(true);
  });

  test("the Inactive filter narrows the page and the export alike", async ({ page, makeUser, lib }) => {
    const holder = await makeUser({ name: `Paused ${Math.random().toString(36).slice(2, 8)}` });
    const actor = await lib.loadActor(holder.id);
    if (!actor) throw new Error("no actor");
    const meta = { ip: null, userAgent: null };
    const paused = await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Paused" }), meta);
    await lib.issueApiKey(actor, lib.fixtures.keyInput({ name: "Running" }), meta);
    await lib.db.apiKey.update({ where: { id: paused.key.id }, data: { deactivatedAt: new Date() } });

    await page.goto(`/admin/keys?owner=${encodeURIComponent(holder.email)}`);
    await page.getByLabel("Status").selectOption({ label: "Inactive" });
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("status")).toHaveText("1 key match these filters.");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    const rows: string[][] = parse(readFileSync(await (await download).path(), "utf8"));
    expect(rows.slice(1).map((r) => [r[2], r[9]])).toEqual([["Paused", "Inactive"]]);
  });
});

test.describe("as a member", () => {
  test.use({ signedInAs: "member" });

  test("the export is refused on the server, not only hidden", async ({ page }) => {
    const res = await page.request.get("/admin/keys/export");
    expect(res.status()).toBe(403);
    expect(res.headers()["content-type"]).toContain("text/plain");
    expect(await res.text()).toContain("Manage user API keys");
  });
});
