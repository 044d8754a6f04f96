// Test users, created straight in the database (with a cheap bcrypt hash) so integration tests
// stay fast; everything under test still goes through lib/.
import bcrypt from "bcryptjs";
import { type Actor, loadActor } from "../auth/actor";
import { ADMIN_ROLE_ID, MEMBER_ROLE_ID } from "../auth/authorities";
import { db } from "../db/client";
import type { IssueKeyInput } from "../keys/schemas";
import { userSearchText } from "../users/normalize";

export const TEST_PASSWORD = "correct horse battery staple";
const cheapHash = bcrypt.hashSync(TEST_PASSWORD, 4);
let counter = 0;

export async function createTestUser(
  options: { name?: string; roleIds?: string[]; admin?: boolean; apiAccess?: boolean; disabled?: boolean } = {},
): Promise<Actor> {
  counter += 1;
  const name = options.name ?? `Test User ${counter}`;
  const email = `user${counter}-${Math.random().toString(36).slice(2, 8)}@keydesk.test`;
  const roleIds = options.roleIds ?? [options.admin ? ADMIN_ROLE_ID : MEMBER_ROLE_ID];
  const user = await db.user.create({
    data: {
      email,
      name,
      searchText: userSearchText(name, email),
      passwordHash: cheapHash,
      apiAccess: options.apiAccess ?? true,
      disabled: options.disabled ?? false,
      roles: { create: roleIds.map((roleId) => ({ roleId })) },
    },
  });
  const actor = await loadActor(user.id);
  if (!actor) throw new Error("test user could not be loaded");
  return actor;
}

export function keyInput(overrides: Partial<IssueKeyInput> = {}): IssueKeyInput {
  return {
    name: `key-${Math.random().toString(36).slice(2, 8)}`,
    description: "",
    apiSets: ["profile:read"],
    expiresIn: "30d",
    ...overrides,
  };
}
