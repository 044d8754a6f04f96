// Editing a key in place: its name, description and IP allowlist, and narrowing what it may do.
// Its API sets can only lose members and its expiry can only move earlier - a wider or longer
// key is a new key, issued under today's policy. The change reaches every process's cache
// within a second (lockKeyOwner writes it to the KeyChange feed). Owners edit their own keys,
// active or inactive ones. A change that changes something is audited and queues the
// api_key.updated webhook event in the same transaction; an edit that changes nothing does neither.
import { type RequestMeta, writeAudit } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { requireAuthority } from "../auth/actor";
import { transaction } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { KeydeskError, notFound } from "../errors";
import { enqueueWebhookEvents, keyPayload, webhookActor } from "../webhooks/enqueue";
import { parseApiSets, serializeApiSets } from "./api-sets";
import { sameKeyName } from "./insert-key";
import { allowlistEntries, storedAllowlist } from "./ip-allowlist";
import { type ApiKeyView, keyViewSelect, toKeyView } from "./key-view";
import { lockKeyOwner } from "./lock-owner";
import type { EditKeyInput } from "./schemas";
import { heldKeyWhere, KEY_STATUS_LABEL, keyStatus } from "./status";

export async function editApiKey(actor: Actor, input: EditKeyInput, meta: RequestMeta, options: { now?: Date } = {}): Promise<ApiKeyView> {
  requireAuthority(actor, "keys:use");
  const now = options.now ?? new Date();
  return transaction(async (tx) => {
    await lockKeyOwner(tx, actor.id);
    // Scoped to the owner: someone else's key is simply not found.
    const key = await tx.apiKey.findFirst({ where: { id: input.keyId, userId: actor.id }, select: keyViewSelect });
    if (!key) throw notFound("The key");
    const status = keyStatus(key, now);
    if (status !== "active" && status !== "inactive") {
      throw new KeydeskError(
        "conflict",
        `This key is ${KEY_STATUS_LABEL[status].toLowerCase()}; only active and inactive keys can be edited.`,
      );
    }

    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const data: Prisma.ApiKeyUpdateInput = {};
    const note = (field: string, from: unknown, to: unknown) => {
      before[field] = from;
      after[field] = to;
    };

    if (input.name !== undefined && input.name !== key.name) {
      const others = await tx.apiKey.findMany({ where: { ...heldKeyWhere(now, actor.id), id: { not: key.id } }, select: { name: true } });
      if (others.some((k) => sameKeyName(k.name, input.name ?? ""))) {
        throw new KeydeskError("conflict", "You already have an active key with this name.", { field: "name" });
      }
      data.name = input.name;
      note("name", key.name, input.name);
    }
    if (input.description !== undefined && input.description !== key.description) {
      data.description = input.description;
      note("description", key.description, input.description);
    }
    if (input.apiSets !== undefined) {
      const current = parseApiSets(key.apiSets);
      const added = input.apiSets.filter((s) => !current.includes(s));
      if (added.length > 0) {
        throw new KeydeskError("validation_failed", `A key's API sets can only be narrowed. Issue a new key for ${added.join(", ")}.`, {
          field: "apiSets",
        });
      }
      const next = serializeApiSets(input.apiSets);
      if (next !== key.apiSets) {
        data.apiSets = next;
        note("apiSets", current, parseApiSets(next));
      }
    }
    if (input.ipAllowlist !== undefined) {
      const next = storedAllowlist(input.ipAllowlist);
      if (next !== key.ipAllowlist) {
        data.ipAllowlist = next;
        note("ipAllowlist", allowlistEntries(key.ipAllowlist), allowlistEntries(next));
      }
    }
    if (input.expiresAt !== undefined && input.expiresAt.getTime() !== key.expiresAt.getTime()) {
      if (input.expiresAt > key.expiresAt) {
        throw new KeydeskError("validation_failed", "A key's expiry can only move earlier. Issue a new key to get a longer one.", {
          field: "expiresAt",
        });
      }
      if (input.expiresAt <= now) {
        throw new KeydeskError("validation_failed", "Choose an expiry in the future, or revoke the key to stop it now.", {
          field: "expiresAt",
        });
      }
      data.expiresAt = input.expiresAt;
      note("expiresAt", key.expiresAt.toISOString(), input.expiresAt.toISOString());
    }

    if (Object.keys(after).length === 0) return toKeyView(key, now);
    const updated = await tx.apiKey.update({ where: { id: key.id }, data, select: keyViewSelect });
    await writeAudit(
      tx,
      {
        actorId: actor.id,
        action: "key.edited",
        targetUserId: actor.id,
        clientId: key.clientId,
        details: { name: key.name, before, after },
      },
      meta,
    );
    const view = toKeyView(updated, now);
    // Receivers learn which fields changed and the key as it now is (its API sets among them);
    // the allowlist is not part of the key payload, so a changed one is given in full.
    await enqueueWebhookEvents(
      tx,
      actor.id,
      "api_key.updated",
      {
        key: keyPayload(view),
        changed: Object.keys(after),
        ...("ipAllowlist" in after ? { ipAllowlist: after.ipAllowlist } : {}),
        actor: webhookActor(actor, actor.id),
      },
      { now },
    );
    return view;
  });
}
