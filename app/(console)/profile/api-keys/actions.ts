"use server";
// Server actions of the API keys page. Each runs through authedAction (session, authority, zod)
// and calls the one implementation in lib/keys. The issued token appears only in the return
// value of issue and regenerate; these responses are never cached.
import { revalidatePath } from "next/cache";
import { authedAction } from "@/lib/auth/action";
import { editApiKey } from "@/lib/keys/edit-api-key";
import { endGracePeriod } from "@/lib/keys/end-grace-period";
import { issueApiKey } from "@/lib/keys/issue-api-key";
import { regenerateApiKey } from "@/lib/keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/keys/revoke-api-key";
import {
  apiAccessSchema,
  editKeySchema,
  endGraceSchema,
  issueKeySchema,
  regenerateKeySchema,
  revokeKeySchema,
  setKeyActiveSchema,
} from "@/lib/keys/schemas";
import { setApiAccess } from "@/lib/keys/set-api-access";
import { activateApiKey, deactivateApiKey } from "@/lib/keys/set-key-active";

const PAGE = "/profile/api-keys";

// POST – issue a key for the signed-in user; returns the token once.
export const issueKeyAction = authedAction(
  { name: "issueKey", schema: issueKeySchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const issued = await issueApiKey(actor, input, meta);
    revalidatePath(PAGE);
    // Also opened from the issuer's own User account details (seed 003).
    revalidatePath(`/admin/users/${actor.id}`);
    return issued;
  },
);

// POST – replace a key's secret; returns the new token once.
export const regenerateKeyAction = authedAction(
  { name: "regenerateKey", schema: regenerateKeySchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const issued = await regenerateApiKey(actor, input, meta);
    revalidatePath(PAGE);
    return issued;
  },
);

// POST – revoke one of the signed-in user's keys.
export const revokeKeyAction = authedAction(
  { name: "revokeKey", schema: revokeKeySchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const key = await revokeApiKey(actor, input, meta, { ownOnly: true });
    revalidatePath(PAGE);
    return key;
  },
);

// POST – stop the old secret of a regenerated key now instead of at the end of its grace period.
export const endGracePeriodAction = authedAction(
  { name: "endGracePeriod", schema: endGraceSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const key = await endGracePeriod(actor, input, meta);
    revalidatePath(PAGE);
    return key;
  },
);

// POST – switch the signed-in user's API access on or off.
export const setApiAccessAction = authedAction(
  { name: "setApiAccess", schema: apiAccessSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const result = await setApiAccess(actor, input.enabled, meta);
    revalidatePath(PAGE);
    return result;
  },
);

// POST – pause one of the signed-in user's keys (refused everywhere until activated again).
export const deactivateKeyAction = authedAction(
  { name: "deactivateKey", schema: setKeyActiveSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const key = await deactivateApiKey(actor, input, meta);
    revalidatePath(PAGE);
    revalidatePath(`${PAGE}/${key.clientId}`);
    return key;
  },
);

// POST – make an inactive key work again.
export const activateKeyAction = authedAction(
  { name: "activateKey", schema: setKeyActiveSchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const key = await activateApiKey(actor, input, meta);
    revalidatePath(PAGE);
    revalidatePath(`${PAGE}/${key.clientId}`);
    return key;
  },
);

// POST – edit a key in place: name, description, IP allowlist, narrower API sets.
export const editKeyAction = authedAction(
  { name: "editKey", schema: editKeySchema, authority: "keys:use" },
  async (input, { actor, meta }) => {
    const key = await editApiKey(actor, input, meta);
    revalidatePath(PAGE);
    revalidatePath(`${PAGE}/${key.clientId}`);
    return key;
  },
);
