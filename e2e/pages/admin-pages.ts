// Page objects for the administration pages.
import { expect, type Locator, type Page } from "@playwright/test";

export const ADMIN_URLS = ["/admin", "/admin/users", "/admin/api-access", "/admin/keys", "/admin/roles", "/admin/settings", "/admin/audit"];

export async function signInOn(page: Page, account: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export class RolesPage {
  readonly createButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.createButton = page.getByRole("button", { name: "Create role" });
    this.dialog = page.getByRole("dialog", { name: /Create role|Edit role/ });
  }

  async goto() {
    await this.page.goto("/admin/roles");
    await expect(this.page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}\\b`) }) });
  }

  async create(name: string, authorities: string[]) {
    await this.createButton.click();
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByLabel("Name").fill(name);
    for (const a of authorities) await this.dialog.getByRole("checkbox", { name: a, exact: true }).check();
    await this.dialog.getByRole("button", { name: "Create role" }).click();
    await expect(this.dialog).toBeHidden();
    await expect(this.row(name)).toBeVisible();
  }
}

export class UsersPage {
  readonly createButton: Locator;
  readonly createDialog: Locator;

  constructor(readonly page: Page) {
    this.createButton = page.getByRole("button", { name: "Create user" });
    this.createDialog = page.getByRole("dialog", { name: "Create user" });
  }

  async goto(query = "") {
    await this.page.goto(`/admin/users${query}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
  }

  async search(text: string) {
    await this.page.getByRole("searchbox", { name: "Search users" }).fill(text);
    await this.page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(this.page).toHaveURL(/[?&]q=/);
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }

  async openCreateDialog() {
    await this.createButton.click();
    await expect(this.createDialog).toBeVisible();
  }

  /** Creates a user with a typed password; the console then opens their account page. */
  async create(user: { name: string; email: string; password: string; roles: string[] }) {
    await this.openCreateDialog();
    const d = this.createDialog;
    await d.getByLabel("Name").fill(user.name);
    await d.getByLabel("Email").fill(user.email);
    await d.getByRole("radio", { name: "Set a password" }).check();
    await d.getByLabel(/^Password/).fill(user.password);
    for (const role of ["Member", ...user.roles]) {
      const box = d.getByRole("checkbox", { name: role, exact: true });
      if (user.roles.includes(role)) await box.check();
      else await box.uncheck();
    }
    await d.getByRole("button", { name: "Create user" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "User account details" })).toBeVisible();
  }
}

export class ApiManagementPage {
  constructor(readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/admin/api-access${query}`);
    await expect(this.page.getByRole("heading", { level: 1, name: "API management" })).toBeVisible();
  }

  async filterByRole(role: string) {
    await this.page.getByLabel("Role").selectOption({ label: role });
    await this.page.getByRole("button", { name: "Apply filters" }).click();
    await expect(this.page).toHaveURL(/role=/);
  }

  row(name: string): Locator {
    return this.page.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  }
}
