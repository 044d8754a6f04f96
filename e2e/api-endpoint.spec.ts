// The API endpoint the console shows (the API keys tab, the reveal dialog's .APIKEY file, the
// documentation's curl lines) comes from configuration, as the API's own responses do: a forged
// Host or X-Forwarded-Host never reaches the page. Without KEYDESK_API_URL the server renders
// the bare path and the browser makes it absolute against the address it actually shows.
import { readFile } from "node:fs/promises";
import { expect, test } from "./fixtures";
import { ApiKeysPage } from "./pages/api-keys-page";

const FORGED = { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" };

test.describe("signed in", () => {
  test.beforeEach(async ({ makeUser, signIn }) => {
    await signIn(await makeUser({ apiAccess: true }));
  });

  test("a forged Host changes no URL the API keys tab or the documentation renders", async ({ page }) => {
    for (const path of ["/profile/api-keys", "/docs/api"]) {
      const res = await page.request.get(path, { headers: FORGED, maxRedirects: 0 });
      expect(res.status(), path).toBe(200);
      const html = await res.text();
      expect(html, path).not.toContain("evil.example");
      // What configuration says (no KEYDESK_API_URL here): the path, as the API's servers entry.
      expect(html, path).toContain("/api/v1");
    }
    const docs = await (await page.request.get("/docs/api", { headers: FORGED })).text();
    expect(docs).toContain("&#x27;/api/v1/me&#x27;");
  });

  test("the browser shows the endpoint at its own address, in the tab, the reveal, the .APIKEY file and curl lines", async ({
    page,
    baseURL,
  }) => {
    const endpoint = `${baseURL}/api/v1`;
    // Every request the page makes carries the forged headers too.
    await page.route("**/*", (route) => route.continue({ headers: { ...route.request().headers(), "x-forwarded-host": "evil.example" } }));
    const keys = new ApiKeysPage(page);
    await keys.goto();
    await expect(page.getByRole("textbox", { name: "API endpoint" })).toHaveValue(endpoint);
    await keys.issue({ name: `endpoint-${Date.now()}` });
    await expect(keys.revealDialog.getByRole("textbox", { name: "API endpoint" })).toHaveValue(endpoint);
    const download = page.waitForEvent("download");
    await keys.revealDialog.getByRole("button", { name: "Download .APIKEY" }).click();
    const file = await readFile((await (await download).path())!, "utf8");
    expect(file).toContain(`Endpoint:    ${endpoint}\r\n`);
    expect(file).not.toContain("evil.example");

    await page.goto("/docs/api");
    await expect(page.getByText(endpoint, { exact: true })).toBeVisible();
    await expect(page.getByTitle("Bearer", { exact: true })).toContainText(`curl -sS '${endpoint}/me'`);
    await expect(page.locator("body")).not.toContainText("evil.example");
  });
});
