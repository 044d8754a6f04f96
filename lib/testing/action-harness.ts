// Helpers for integration tests that call server actions directly. The test file mocks only the
// session lookup, next/headers and next/cache (vi.mock calls are hoisted, so they live in each
// test file - see the template below); everything else - authedAction, zod, lib/ and the real
// database - runs as in production.
//
//   vi.mock("@/lib/auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));
//   vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.4" }) }));
//   vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
import { expect, vi } from "vitest";
import { loadActor } from "../auth/actor";
import { currentActor } from "../auth/session";
import { db } from "../db/client";

/** Every later action call runs as this user, re-read from the database each time (as in production). */
export function actAs(user: { id: string } | null): void {
  vi.mocked(currentActor).mockImplementation(async () => (user ? loadActor(user.id) : null));
}

/** Everything an admin action could change, to prove a refusal changed nothing. */
export async function databaseState() {
  const [users, roles, userRoles, keys, policy, audit, keyChanges, sessions, webhooks, webhookEvents] = await Promise.all([
    db.user.findMany({
      orderBy: { id: "asc" },
      select: {
        id: true,
        name: true,
        email: true,
        searchText: true,
        passwordHash: true,
        disabled: true,
        apiAccess: true,
      },
    }),
    db.role.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, description: true, authorities: true } }),
    db.userRole.findMany({ orderBy: [{ userId: "asc" }, { roleId: "asc" }], select: { userId: true, roleId: true } }),
    db.apiKey.findMany({ orderBy: { id: "asc" }, select: { id: true, revokedAt: true, expiresAt: true } }),
    db.policy.findMany(),
    db.auditEvent.count(),
    db.keyChange.count(),
    db.session.findMany({ orderBy: { id: "asc" }, select: { id: true, userId: true } }),
    db.webhookSubscription.findMany({ orderBy: { id: "asc" }, select: { id: true, url: true, enabled: true, secretCipher: true } }),
    db.webhookEvent.count(),
  ]);
  return { users, roles, userRoles, keys, policy, audit, keyChanges, sessions, webhooks, webhookEvents };
}

export async function expectUnchanged<T>(run: () => Promise<T>): Promise<T> {
  const before = await databaseState();
  const result = await run();
  expect(await databaseState()).toEqual(before);
  return result;
}
