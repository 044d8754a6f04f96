// Every administration action × a user with and without its authority, through the real action
// (authedAction, zod, lib/, database). "Without" means holding every other authority: the one
// missing authority alone must be enough to refuse, and a refusal changes nothing.
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.4" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import { listApiAccess } from "@/lib/admin/list-api-access";
import { listAuditEvents } from "@/lib/audit/list-audit";
import { NO_REQUEST } from "@/lib/audit/write-audit";
import type { ActionResult } from "@/lib/auth/action";
import { ALL_AUTHORITIES, type Authority } from "@/lib/auth/authorities";
import { db } from "@/lib/db/client";
import { KeydeskError } from "@/lib/errors";
import { issueApiKey } from "@/lib/keys/issue-api-key";
import { actAs, expectUnchanged } from "@/lib/testing/action-harness";
import { createTestRole, userWith } from "@/lib/testing/admin-fixtures";
import { createTestUser, keyInput } from "@/lib/testing/fixtures";
import { getUserAccount } from "@/lib/users/get-user-account";
import { listUsers } from "@/lib/users/list-users";
import { clearApiKeysAction } from "./api-access/actions";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./roles/actions";
import { updateKeyPolicyAction } from "./settings/actions";
import {
  createUserAction,
  resetUserPasswordAction,
  revokeUserKeyAction,
  setUserDisabledAction,
  setUserRolesAction,
  updateUserProfileAction,
} from "./users/actions";

type Case = { action: string; authority: Authority; run: () => Promise<() => Promise<ActionResult<unknown>>> };

let n = 0;
const unique = () => `${++n}-${Math.random().toString(36).slice(2, 6)}`;

async function userWithKey() {
  const owner = await createTestUser();
  const { key } = await issueApiKey(owner, keyInput(), NO_REQUEST);
  return { owner, key };
}

// Each case prepares its own target, then returns the call to make. Targets hold no roles (or
// roles without authorities) so that the grant rules never interfere with the authority check.
const CASES: Case[] = [
  {
    action: "createUser",
    authority: "users:manage",
    run: async () => () => createUserAction({ name: "New", email: `new-${unique()}@keydesk.test`, passwordMode: "generate", roleIds: [] }),
  },
  {
    action: "updateUserProfile",
    authority: "users:manage",
    run: async () => {
      const target = await createTestUser({ roleIds: [] });
      return () => updateUserProfileAction({ userId: target.id, name: "Renamed", email: target.email });
    },
  },
  {
    action: "setUserRoles",
    authority: "users:manage",
    run: async () => {
      const target = await createTestUser({ roleIds: [] });
      const empty = await createTestRole([]);
      return () => setUserRolesAction({ userId: target.id, roleIds: [empty.id] });
    },
  },
  {
    action: "setUserDisabled",
    authority: "users:manage",
    run: async () => {
      const target = await createTestUser({ roleIds: [] });
      return () => setUserDisabledAction({ userId: target.id, disabled: true });
    },
  },
  {
    action: "resetUserPassword",
    authority: "users:manage",
    run: async () => {
      const target = await createTestUser({ roleIds: [] });
      return () => resetUserPasswordAction({ userId: target.id });
    },
  },
  {
    action: "revokeUserKey",
    authority: "keys:manage",
    run: async () => {
      const { owner, key } = await userWithKey();
      return () => revokeUserKeyAction({ userId: owner.id, keyId: key.id });
    },
  },
  {
    action: "clearApiKeys",
    authority: "keys:manage",
    run: async () => {
      const { owner } = await userWithKey();
      return () => clearApiKeysAction({ userId: owner.id });
    },
  },
  {
    action: "createRole",
    authority: "roles:manage",
    run: async () => () => createRoleAction({ name: `Role ${unique()}`, description: "", authorities: [] }),
  },
  {
    action: "updateRole",
    authority: "roles:manage",
    run: async () => {
      const role = await createTestRole([]);
      return () => updateRoleAction({ roleId: role.id, name: `Renamed ${unique()}`, description: "", authorities: [] });
    },
  },
  {
    action: "deleteRole",
    authority: "roles:manage",
    run: async () => {
      const role = await createTestRole([]);
      return () => deleteRoleAction({ roleId: role.id });
    },
  },
  {
    action: "updateKeyPolicy",
    authority: "settings:manage",
    run: async () => {
      const max = 2 + (n++ % 5);
      return () => updateKeyPolicyAction({ maxActiveKeys: max, maxLifetimeDays: 200, defaultLifetimeDays: 30, maxWebhooks: 10 });
    },
  },
];

describe("authority matrix: administration actions", () => {
  beforeEach(() => actAs(null));

  it("covers every authority that has an action", () => {
    expect(new Set(CASES.map((c) => c.authority))).toEqual(new Set(ALL_AUTHORITIES.filter((a) => !["keys:use", "audit:view"].includes(a))));
  });

  for (const c of CASES) {
    it(`${c.action}: a user holding only ${c.authority} may`, async () => {
      const call = await c.run();
      actAs(await userWith([c.authority]));
      const result = await call();
      expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    });

    it(`${c.action}: a user holding every authority but ${c.authority} is refused and nothing changes`, async () => {
      const call = await c.run();
      actAs(await userWith(ALL_AUTHORITIES.filter((a) => a !== c.authority)));
      const result = await expectUnchanged(call);
      expect(result).toMatchObject({ ok: false, code: "forbidden" });
    });

    it(`${c.action}: a Member is refused and nothing changes`, async () => {
      const call = await c.run();
      actAs(await createTestUser());
      expect(await expectUnchanged(call)).toMatchObject({ ok: false, code: "forbidden" });
    });

    it(`${c.action}: a signed-out caller is refused and nothing changes`, async () => {
      const call = await c.run();
      actAs(null);
      expect(await expectUnchanged(call)).toMatchObject({ ok: false, code: "unauthenticated" });
    });
  }
});

describe("authority matrix: administration reads", () => {
  type Reader = Awaited<ReturnType<typeof userWith>>;
  // Each read, and what an allowed caller sees: the data asked for, with the caller in it.
  const READS: { name: string; authorities: Authority[]; read: (actor: Reader) => Promise<unknown>; shows: (actor: Reader) => unknown }[] =
    [
      {
        name: "listUsers",
        authorities: ["users:manage"],
        read: (a) => listUsers(a, { q: a.email, page: 1 }),
        shows: (a) => ({ total: 1, rows: [expect.objectContaining({ id: a.id, email: a.email })] }),
      },
      {
        name: "listApiAccess",
        authorities: ["keys:manage"],
        read: (a) => listApiAccess(a, {}, 1),
        shows: (a) => expect.objectContaining({ rows: expect.arrayContaining([expect.objectContaining({ id: a.id })]) }),
      },
      {
        name: "listAuditEvents",
        authorities: ["audit:view"],
        read: async (a) => {
          await db.auditEvent.create({ data: { action: "user.signed_in", actorId: a.id, targetUserId: a.id, details: "{}" } });
          return listAuditEvents(a, { actor: a.id }, 1);
        },
        shows: (a) => ({ fieldErrors: {}, rows: [expect.objectContaining({ action: "user.signed_in", actorId: a.id })] }),
      },
      {
        name: "getUserAccount",
        authorities: ["users:manage", "keys:manage"],
        read: (a) => getUserAccount(a, a.id),
        shows: (a) => expect.objectContaining({ id: a.id, email: a.email }),
      },
    ];

  for (const r of READS) {
    for (const authority of r.authorities) {
      it(`${r.name}: allowed with only ${authority}`, async () => {
        const actor = await userWith([authority]);
        expect(await r.read(actor)).toMatchObject(r.shows(actor) as object);
      });
    }
    it(`${r.name}: refused without ${r.authorities.join(" or ")}`, async () => {
      const actor = await userWith(ALL_AUTHORITIES.filter((a) => !r.authorities.includes(a)));
      const error = await r.read(actor).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KeydeskError);
      expect((error as KeydeskError).code).toBe("forbidden");
    });
  }
});
