// Playwright fixtures: every test gets its own freshly created user (so tests run in parallel
// without sharing keys), created through lib/ in the same database the test server uses.

import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { type E2eDb, e2eDatabaseUrl, e2eDataDir } from "./e2e-env";
import { signInOn } from "./pages/admin-pages";
import { type E2eRole, roleAccountFile, roleStateFile } from "./signed-in";

export type TestAccount = { id: string; email: string; name: string; password: string };

type Lib = {
  fixtures: typeof import("../lib/testing/fixtures");
  db: typeof import("../lib/db/client")["db"];
  issueApiKey: typeof import("../lib/keys/issue-api-key")["issueApiKey"];
  loadActor: typeof import("../lib/auth/actor")["loadActor"];
};

type WorkerFixtures = { lib: Lib };
type TestFixtures = {
  /** Start signed in as the setup project's account of this role (e2e/auth.setup.ts). */
  signedInAs: E2eRole | undefined;
  /** The account the page is signed in as, with signedInAs. */
  signedInAccount: TestAccount;
  makeUser: (options?: { name?: string; apiAccess?: boolean; admin?: boolean; roleIds?: string[] }) => Promise<TestAccount>;
  member: TestAccount;
  signIn: (account: { email: string; password: string }) => Promise<void>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  lib: [
    async ({}, use, workerInfo) => {
      const dbKind = (workerInfo.project.metadata as { db: E2eDb }).db;
      // The Prisma client reads these when it first loads, below.
      process.env.DATABASE_URL = e2eDatabaseUrl(dbKind);
      process.env.KEYDESK_DATA_DIR = e2eDataDir(dbKind);
      const fixtures = await import("../lib/testing/fixtures");
      const { db } = await import("../lib/db/client");
      const { issueApiKey } = await import("../lib/keys/issue-api-key");
      const { loadActor } = await import("../lib/auth/actor");
      await use({ fixtures, db, issueApiKey, loadActor });
      await db.$disconnect();
    },
    { scope: "worker" },
  ],
  signedInAs: [undefined, { option: true }],
  storageState: async ({ signedInAs, storageState }, use, testInfo) => {
    const db = (testInfo.project.metadata as { db: E2eDb }).db;
    await use(signedInAs ? roleStateFile(db, signedInAs) : storageState);
  },
  signedInAccount: async ({ signedInAs }, use, testInfo) => {
    if (!signedInAs) throw new Error("signedInAccount needs test.use({ signedInAs })");
    const db = (testInfo.project.metadata as { db: E2eDb }).db;
    await use(JSON.parse(readFileSync(roleAccountFile(db, signedInAs), "utf8")) as TestAccount);
  },
  makeUser: async ({ lib }, use) => {
    await use(async (options = {}) => {
      const actor = await lib.fixtures.createTestUser(options);
      return { id: actor.id, email: actor.email, name: actor.name, password: lib.fixtures.TEST_PASSWORD };
    });
  },
  member: async ({ makeUser }, use, testInfo) => {
    await use(await makeUser({ name: `Member ${testInfo.workerIndex}-${testInfo.repeatEachIndex}`, apiAccess: true }));
  },
  signIn: async ({ page }, use) => {
    await use((account) => signInOn(page, account));
  },
});

export { expect };

/** Serious and critical accessibility violations on the page (or inside `include`). */
export async function seriousA11yViolations(page: Page, include?: string) {
  // Judge what settles, not a frame of a transition: a toast fading in, or one sliding behind a
  // newer one, has partial opacity and so a contrast it never keeps.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"), undefined, { timeout: 5000 });
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
