// All keys: the credential report's filters, its authority, and the CSV export (every key, no
// secret, formulas neutralised, the export audited).
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { issueApiKey } from "../keys/issue-api-key";
import { regenerateApiKey } from "../keys/regenerate-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser, keyInput } from "../testing/fixtures";
import { refusal } from "../testing/refusal";
import { CSV_COLUMNS, exportAllKeysCsv, listAllKeys } from "./all-keys";

let manager: Actor;
let owner: Actor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  manager = await userWith(["keys:manage"], { apiAccess: false });
  owner = await createTestUser({ name: '=HYPERLINK("x")' });
  const reader = await issueApiKey(owner, keyInput({ name: "Reader", apiSets: ["keys:read"] }), NO_REQUEST);
  const writer = await issueApiKey(owner, keyInput({ name: "Writer", apiSets: ["keys:write", "profile:read"] }), NO_REQUEST);
  const gone = await issueApiKey(owner, keyInput({ name: "Gone", apiSets: ["profile:read"] }), NO_REQUEST);
  await regenerateApiKey(owner, { keyId: writer.key.id, grace: "1h" }, NO_REQUEST);
  await revokeApiKey(owner, { keyId: gone.key.id }, NO_REQUEST);
  Object.assign(ids, { reader: reader.key.clientId, writer: writer.key.clientId, gone: gone.key.clientId });
});

async function csvText(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("listAllKeys", () => {
  it("filters by owner, status and API set, with the status every other page uses", async () => {
    const mine = await listAllKeys(manager, { owner: owner.email }, 1);
    expect(mine.total).toBe(4);
    const byClient = Object.fromEntries(mine.rows.map((r) => [r.clientId, r.status]));
    expect(byClient[ids.reader]).toBe("active");
    expect(byClient[ids.writer]).toBe("replaced");
    expect(byClient[ids.gone]).toBe("revoked");
    expect((await listAllKeys(manager, { owner: owner.email, status: "active" }, 1)).rows.map((r) => r.name).sort()).toEqual([
      "Reader",
      "Writer",
    ]);
    expect((await listAllKeys(manager, { owner: owner.email, apiSet: "keys:read" }, 1)).rows.map((r) => r.clientId)).toEqual([ids.reader]);
    expect(mine.rows.every((r) => r.owner.id === owner.id && !("secretHash" in r))).toBe(true);
  });

  it("is refused without Manage user API keys", async () => {
    expect((await refusal(listAllKeys(owner, {}, 1))).code).toBe("forbidden");
    expect((await refusal(exportAllKeysCsv(owner, {}, NO_REQUEST))).code).toBe("forbidden");
  });
});

describe("exportAllKeysCsv", () => {
  it("streams every matching key as CSV, without secrets, formulas neutralised, and audits the export", async () => {
    const before = await db.auditEvent.count({ where: { actorId: manager.id, action: "keys.exported" } });
    const text = await csvText(await exportAllKeysCsv(manager, { owner: owner.email }, NO_REQUEST));
    const rows: string[][] = parse(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(5);
    const clients = rows.slice(1).map((r) => r[3]);
    expect(clients).toEqual(expect.arrayContaining([ids.reader, ids.writer, ids.gone]));
    expect(rows[1][0]).toBe('\'=HYPERLINK("x")');
    const hashes = await db.apiKey.findMany({ where: { userId: owner.id }, select: { secretHash: true } });
    for (const h of hashes) expect(text).not.toContain(h.secretHash);
    expect(rows.find((r) => r[3] === ids.gone)?.[9]).toBe("Revoked");
    expect(await db.auditEvent.count({ where: { actorId: manager.id, action: "keys.exported" } })).toBe(before + 1);
  });

  it("reads in batches past the first one (keyset, not offsets)", async () => {
    const many = await createTestUser({ name: "Many keys" });
    await db.apiKey.createMany({
      data: Array.from({ length: 4_500 }, (_, i) => ({
        clientId: `bulk${String(i).padStart(16, "0")}`,
        userId: many.id,
        name: `bulk ${i}`,
        secretHash: "00",
        secretHint: "abcd",
        apiSets: "profile:read",
        expiresAt: new Date(Date.now() + 86_400_000),
      })),
    });
    const rows: string[][] = parse(await csvText(await exportAllKeysCsv(manager, { owner: many.email }, NO_REQUEST)));
    expect(rows).toHaveLength(4_501);
    expect(new Set(rows.slice(1).map((r) => r[3])).size).toBe(4_500);
  });
});
