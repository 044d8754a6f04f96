// Page object for Profile → API keys.
import { expect, type Locator, type Page } from "@playwright/test";

export type NewKey = {
  name: string;
  description?: string;
  apiSets?: string[];
  expiration?: "7 days" | "30 days" | "90 days" | "1 year" | { custom: string };
};

export class ApiKeysPage {
  readonly issueButton: Locator;
  readonly newKeyDialog: Locator;
  readonly revealDialog: Locator;
  readonly accessSwitch: Locator;

  constructor(readonly page: Page) {
    this.issueButton = page.getByRole("button", { name: "Issue new API key" });
    this.newKeyDialog = page.getByRole("dialog", { name: "New API key" });
    this.revealDialog = page.getByRole("dialog", { name: /Your (new|regenerated) API key/ });
    this.accessSwitch = page.getByRole("switch", { name: "API access" });
  }

  async goto() {
    await this.page.goto("/profile/api-keys");
    await expect(this.page.getByRole("heading", { name: "Your API keys" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name, exact: true }) });
  }

  /** The list shows working keys; revoked and expired ones behind this button. */
  async showRevokedAndExpired() {
    await this.page.getByRole("button", { name: /^Show revoked and expired \(\d+\)$/ }).click();
  }

  async openNewKeyDialog() {
    await this.issueButton.click();
    await expect(this.newKeyDialog).toBeVisible();
  }

  async fillNewKey(key: NewKey) {
    const d = this.newKeyDialog;
    await d.getByLabel("Name").fill(key.name);
    if (key.description) await d.getByLabel("Description").fill(key.description);
    const available = d.getByRole("listbox", { name: "Available API" });
    for (const label of key.apiSets ?? ["Read profile"]) {
      await available.getByRole("option", { name: label, exact: true }).click();
    }
    await d.getByRole("button", { name: "Add highlighted to Selected API" }).click();
    const expiration = key.expiration ?? "30 days";
    if (typeof expiration === "string") {
      await d.getByRole("radio", { name: expiration }).check();
    } else {
      await d.getByRole("radio", { name: "Custom date" }).check();
      await d.getByLabel("Expiry date").fill(expiration.custom);
    }
    await this.acknowledge();
  }

  /** Seed 004: the acknowledgement that comes before Generate key (which stays disabled until then). */
  async acknowledge() {
    await this.newKeyDialog.getByRole("checkbox", { name: /^Check the box to acknowledge/ }).check();
  }

  /** Issues a key through the dialog and returns what the reveal dialog shows. */
  async issue(key: NewKey): Promise<{ clientId: string; token: string }> {
    await this.openNewKeyDialog();
    await this.fillNewKey(key);
    await this.newKeyDialog.getByRole("button", { name: "Generate key" }).click();
    return this.readReveal();
  }

  async readReveal(): Promise<{ clientId: string; token: string }> {
    await expect(this.revealDialog).toBeVisible();
    const clientId = await this.revealDialog.getByRole("textbox", { name: "Client ID" }).inputValue();
    const token = await this.revealDialog.getByRole("textbox", { name: "Secret key" }).inputValue();
    return { clientId, token };
  }

  async closeReveal() {
    await this.revealDialog.getByLabel("I have copied the secret key and stored it securely").check();
    await this.revealDialog.getByRole("button", { name: "Close" }).click();
    await expect(this.revealDialog).toBeHidden();
  }
}
