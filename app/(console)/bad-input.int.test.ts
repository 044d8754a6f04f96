// Property-based bad input against every server action (fast-check): generated strings from all
// of Unicode (lone surrogates included), huge and empty ones, wrong types, nested and
// prototype-polluting objects, malformed tokens. Each case runs the real action (authedAction,
// zod, lib/, the database) as an administrator, so input reaches the parsing and the domain.
// Properties: the action never throws and never answers "internal"; a refusal carries a
// documented code and leaves the database exactly as it was; no secret or hash is in any result;
// nothing is logged as an error; Object.prototype stays clean. Prints how many cases ran.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => ({ currentActor: vi.fn(), requireActor: vi.fn() }));
vi.mock("@/lib/auth/auth", () => ({ auth: vi.fn(), signIn: vi.fn(), signOut: vi.fn() }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "vitest", "x-forwarded-for": "198.51.100.4" }),
  cookies: async () => ({ get: () => undefined, set: () => {} }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));

import type { ActionResult } from "@/lib/auth/action";
import type { ErrorCode } from "@/lib/errors";
import { issueApiKey } from "@/lib/keys/issue-api-key";
import { actAs, databaseState } from "@/lib/testing/action-harness";
import { createTestUser, keyInput } from "@/lib/testing/fixtures";
import { FORM_KEYS, hostileObject, prototypePolluted } from "@/lib/testing/hostile";
import { clearApiKeysAction } from "./admin/api-access/actions";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./admin/roles/actions";
import { updateKeyPolicyAction } from "./admin/settings/actions";
import { adminDisableWebhookAction } from "./admin/users/[id]/webhook-actions";
import {
  createUserAction,
  endUserSessionsAction,
  resetUserPasswordAction,
  revokeUserKeyAction,
  setUserDisabledAction,
  setUserRolesAction,
  updateUserProfileAction,
} from "./admin/users/actions";
import { changePasswordAction } from "./profile/actions";
import { issueKeyAction, regenerateKeyAction, revokeKeyAction, setApiAccessAction } from "./profile/api-keys/actions";
import { endOtherSessionsAction, endSessionAction } from "./profile/sessions/actions";
import {
  createWebhookAction,
  deleteWebhookAction,
  redeliverAction,
  rotateWebhookSecretAction,
  sendTestEventAction,
  setWebhookEnabledAction,
} from "./profile/webhooks/actions";

type AnyAction = (input: never) => Promise<ActionResult<unknown>>;

const ACTIONS: Record<string, AnyAction> = {
  changePasswordAction,
  clearApiKeysAction,
  createRoleAction,
  updateRoleAction,
  deleteRoleAction,
  updateKeyPolicyAction,
  createUserAction,
  updateUserProfileAction,
  setUserRolesAction,
  setUserDisabledAction,
  resetUserPasswordAction,
  revokeUserKeyAction,
  endUserSessionsAction,
  issueKeyAction,
  regenerateKeyAction,
  revokeKeyAction,
  setApiAccessAction,
  endSessionAction,
  endOtherSessionsAction,
  createWebhookAction,
  setWebhookEnabledAction,
  rotateWebhookSecretAction,
  deleteWebhookAction,
  sendTestEventAction,
  redeliverAction,
  adminDisableWebhookAction,
};

const REFUSAL_CODES = new Set<ErrorCode>([
  "validation_failed",
  "not_found",
  "forbidden",
  "conflict",
  "key_limit_reached",
  "api_access_disabled",
]);
const RUNS = Number(process.env.KEYDESK_BAD_INPUT_RUNS ?? 60);
const counts: Record<string, { cases: number; refused: number }> = {};
let errorLog: ReturnType<typeof vi.spyOn>;
let secrets: string[] = [];
let real: unknown[] = [];

beforeAll(async () => {
  const admin = await createTestUser({ admin: true });
  const { token } = await issueApiKey(admin, keyInput(), { ip: null, userAgent: null });
  secrets = [token, process.env.AUTH_SECRET ?? "", process.env.KEYDESK_KEY_PEPPER ?? ""];
  // Existing ids and plausible values, so some cases reach the domain rules past parsing.
  const other = await createTestUser();
  const { key } = await issueApiKey(other, keyInput(), { ip: null, userAgent: null });
  real = [
    admin.id,
    other.id,
    key.id,
    key.clientId,
    "role_admin",
    "role_member",
    ["role_member"],
    ["keys:read"],
    "30d",
    "Report job",
    true,
    5,
  ];
  actAs(admin);
  errorLog = vi.spyOn(console, "error");
});

afterAll(() => {
  const total = Object.values(counts).reduce((n, c) => n + c.cases, 0);
  console.log(
    `server-action bad-input suite: ${total} cases over ${Object.keys(counts).length} actions\n${Object.entries(counts)
      .map(([name, c]) => `  ${name}: ${c.cases} cases, ${c.refused} refused`)
      .join("\n")}`,
  );
});

describe("every server action under hostile input", () => {
  for (const [name, action] of Object.entries(ACTIONS)) {
    it(`${name}: a documented refusal and no change, or a valid change; never internal, never a secret`, async () => {
      counts[name] = { cases: 0, refused: 0 };
      errorLog.mockClear();
      await fc.assert(
        fc.asyncProperty(hostileObject(FORM_KEYS, real), async (input) => {
          counts[name].cases += 1;
          const before = await databaseState();
          const result = await action(input as never);
          expect(result, JSON.stringify(input)?.slice(0, 200)).toBeTypeOf("object");
          const text = JSON.stringify(result);
          for (const secret of secrets) expect(text.includes(secret)).toBe(false);
          expect(text).not.toMatch(/\$2[aby]\$\d\d\$|at \w+ \(|node_modules/);
          if (!result.ok) {
            counts[name].refused += 1;
            expect(REFUSAL_CODES.has(result.code as ErrorCode), `${name} answered ${result.code}: ${result.message}`).toBe(true);
            expect(await databaseState()).toEqual(before);
          }
          expect(prototypePolluted()).toBe(false);
        }),
        { numRuns: RUNS },
      );
      expect(errorLog.mock.calls.map((c: unknown[]) => String(c[0]).slice(0, 300))).toEqual([]);
    });
  }
});
