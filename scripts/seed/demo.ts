// Demo data: three people with a few keys each, issued through the same lib/ code the console
// uses. Idempotent: users that already exist are left alone.
import { NO_REQUEST } from "../../lib/audit/write-audit";
import { loadActor } from "../../lib/auth/actor";
import { MEMBER_ROLE_ID } from "../../lib/auth/authorities";
import { db } from "../../lib/db/client";
import { issueApiKey } from "../../lib/keys/issue-api-key";
import { revokeApiKey } from "../../lib/keys/revoke-api-key";
import type { IssueKeyInput } from "../../lib/keys/schemas";
import { setApiAccess } from "../../lib/keys/set-api-access";
import { createUser } from "../../lib/users/create-user";

const PASSWORD = "keydesk-demo-password";

const PEOPLE: { name: string; email: string; keys: IssueKeyInput[]; revokeFirst?: boolean }[] = [
  {
    name: "Dana Okafor",
    email: "dana@demo.keydesk.test",
    keys: [
      { name: "CI deploy", description: "GitHub Actions release job", apiSets: ["profile:read", "keys:read"], expiresIn: "90d" },
      { name: "Billing sync", description: "", apiSets: ["keys:verify"], expiresIn: "1y" },
    ],
  },
  {
    name: "Lee Tanaka",
    email: "lee@demo.keydesk.test",
    keys: [
      { name: "Old laptop", description: "retired", apiSets: ["profile:read"], expiresIn: "30d" },
      { name: "Reporting", description: "weekly usage export", apiSets: ["audit:read", "keys:read"], expiresIn: "30d" },
    ],
    revokeFirst: true,
  },
  { name: "Sam Rivera", email: "sam@demo.keydesk.test", keys: [] },
];

export default async function seedDemo() {
  for (const person of PEOPLE) {
    if (await db.user.findUnique({ where: { email: person.email } })) {
      console.log(`  ${person.email} exists, skipped`);
      continue;
    }
    const { id } = await createUser(
      null,
      { email: person.email, name: person.name, password: PASSWORD, roleIds: [MEMBER_ROLE_ID] },
      NO_REQUEST,
    );
    const actor = (await loadActor(id))!;
    if (person.keys.length > 0) await setApiAccess(actor, true, NO_REQUEST);
    const issued = [];
    for (const key of person.keys) issued.push(await issueApiKey(actor, key, NO_REQUEST));
    if (person.revokeFirst && issued[0]) await revokeApiKey(actor, { keyId: issued[0].key.id }, NO_REQUEST);
    console.log(`  ${person.email} with ${person.keys.length} key(s)`);
  }
  console.log(`Demo users sign in with the password "${PASSWORD}". Their secrets were not kept: regenerate a key to see one.`);
}
