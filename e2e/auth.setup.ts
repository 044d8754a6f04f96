// Signs in once per role and engine through the login form, and saves the browser's state, so
// that journeys which are not about signing in start signed in (test.use({ signedInAs })).
// Journeys whose signed-in user owns what the test changes (keys, passwords, sessions) still
// make a fresh user of their own.
import { writeFileSync } from "node:fs";
import { test as setup } from "./fixtures";
import { type E2eRole, roleAccountFile, roleStateFile } from "./signed-in";

const ROLES: Record<E2eRole, { admin: boolean; name: string }> = {
  admin: { admin: true, name: "Setup Admin" },
  member: { admin: false, name: "Setup Member" },
};

for (const [role, options] of Object.entries(ROLES) as [E2eRole, (typeof ROLES)[E2eRole]][]) {
  setup(`sign in as ${role}`, async ({ page, makeUser, signIn }, testInfo) => {
    const account = await makeUser({ ...options, apiAccess: true });
    await signIn(account);
    const db = (testInfo.project.metadata as { db: "sqlite" | "postgres" }).db;
    await page.context().storageState({ path: roleStateFile(db, role) });
    writeFileSync(roleAccountFile(db, role), JSON.stringify(account));
  });
}
