// All keys: the credential report's filters, its authority, and the CSV export (every key, no
// secret, RFC 4180 quoting, formulas neutralised, the page's filters, read page by page as the
// reader takes them, the export audited). Runs on SQLite and PostgreSQL.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import type { Actor } from "../auth/actor";
import { db } from "../db/client";
import { keyReportStore } from "../db/key-report-store";
import { issueApiKey } from "../keys/issue-api-key";
import { regenerateApiKey } from "../keys/regenerate-api-key";
import { revokeApiKey } from "../keys/revoke-api-key";
import { deactivateApiKey } from "../keys/set-key-active";
import { KEY_STATUS_LABEL, type KeyStatus } from "../keys/status";
import { userWith } from "../testing/admin-fixtures";
import { createTestUser, keyInput } from "../testing/fixtures";
import { refusal } from "../testing/refusal";
import { CSV_COLUMNS, exportAllKeysCsv, KEY_STATUS_OPTIONS, listAllKeys } from "./all-keys";

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

const exported = async (filters: Parameters<typeof exportAllKeysCsv>[1]): Promise<string[][]> =>
  parse(await csvText(await exportAllKeysCsv(manager, filters, NO_REQUEST)));

/** A user holding one key in each status: active (two), inactive, revoked, expired, replaced. */
async function ownerOfEveryStatus(): Promise<{ actor: Actor; status: Record<string, KeyStatus> }> {
  const actor = await createTestUser({ name: "Every status" });
  const issue = async (name: string) => (await issueApiKey(actor, keyInput({ name, apiSets: ["profile:read"] }), NO_REQUEST)).key;
  const active = await issue("Active one");
  const inactive = await issue("Inactive one");
  await deactivateApiKey(actor, { keyId: inactive.id }, NO_REQUEST);
  const revoked = await issue("Revoked one");
  await revokeApiKey(actor, { keyId: revoked.id }, NO_REQUEST);
  const expired = await issue("Expired one");
  await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
  const replaced = await issue("Replaced one");
  const fresh = await regenerateApiKey(actor, { keyId: replaced.id, grace: "24h" }, NO_REQUEST);
  return {
    actor,
    status: {
      [active.clientId]: "active",
      [inactive.clientId]: "inactive",
      [revoked.clientId]: "revoked",
      [expired.clientId]: "expired",
      [replaced.clientId]: "replaced",
      [fresh.key.clientId]: "active",
    },
  };
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
    // Dates as ISO 8601 UTC, exactly as stored; last use empty until there is one.
    const stored = await db.apiKey.findUniqueOrThrow({ where: { clientId: ids.reader } });
    const reader = rows.find((r) => r[3] === ids.reader);
    expect(reader?.slice(5, 9)).toEqual([stored.createdAt.toISOString(), stored.expiresAt.toISOString(), "", ""]);
    const used = new Date("2026-03-04T05:06:07.089Z");
    await db.apiKey.update({ where: { clientId: ids.reader }, data: { lastUsedAt: used, lastUsedIp: "2001:db8::1" } });
    const again: string[][] = parse(await csvText(await exportAllKeysCsv(manager, { owner: owner.email }, NO_REQUEST)));
    expect(again.find((r) => r[3] === ids.reader)?.slice(7, 9)).toEqual([used.toISOString(), "2001:db8::1"]);
    expect(await db.auditEvent.count({ where: { actorId: manager.id, action: "keys.exported" } })).toBe(before + 2);
  });

  it("selects, for every status filter, exactly the keys the page lists, labelled as the page labels them", async () => {
    const { actor, status } = await ownerOfEveryStatus();
    const all = await exported({ owner: actor.email });
    expect(Object.fromEntries(all.slice(1).map((r) => [r[3], r[9]]))).toEqual(
      Object.fromEntries(Object.entries(status).map(([clientId, s]) => [clientId, KEY_STATUS_LABEL[s]])),
    );
    for (const { value } of KEY_STATUS_OPTIONS) {
      const rows = (await exported({ owner: actor.email, status: value })).slice(1);
      const listed = (await listAllKeys(manager, { owner: actor.email, status: value }, 1)).rows.map((r) => r.clientId);
      const expected = Object.keys(status).filter((c) => status[c] === value);
      expect(rows.map((r) => r[3]).sort(), value).toEqual(expected.sort());
      expect(listed.sort(), value).toEqual(expected.sort());
      expect(new Set(rows.map((r) => r[9])), value).toEqual(new Set([KEY_STATUS_LABEL[value]]));
    }
  });

  it("honours the owner and API set filters together, matching whole API sets only", async () => {
    const rows = await exported({ owner: owner.email, apiSet: "keys:read" });
    expect(rows.slice(1).map((r) => r[3])).toEqual([ids.reader]);
    expect(rows[1][4]).toBe("Read API keys");
    const both = await exported({ owner: owner.email, apiSet: "profile:read" });
    expect(
      both
        .slice(1)
        .map((r) => r[3])
        .sort(),
    ).toEqual(expect.arrayContaining([ids.gone]));
    expect(both.slice(1).every((r) => r[4].split("; ").includes("Read profile"))).toBe(true);
    // Nobody's keys: the header alone, still a CSV.
    expect(await exported({ owner: "nobody@keydesk.test" })).toEqual([[...CSV_COLUMNS]]);
  });

  it("quotes commas, quotes and line breaks, and neutralises every formula-leading character", async () => {
    const odd = await createTestUser({ name: 'Smith, "Jo"\nsecond line' });
    const names = ["plain-name", "=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTabbed", "\rReturned", "\uFF1Dwide", 'a,b "c"\r\nd'];
    for (const name of names) {
      const { key } = await issueApiKey(odd, keyInput({ apiSets: ["profile:read"] }), NO_REQUEST);
      // Stored as is (the console's own validation would refuse some of these; the export must
      // still be safe whatever the database holds).
      await db.apiKey.update({ where: { id: key.id }, data: { name } });
      if (name !== names.at(-1)) await revokeApiKey(odd, { keyId: key.id }, NO_REQUEST);
    }
    const text = await csvText(await exportAllKeysCsv(manager, { owner: odd.email }, NO_REQUEST));
    expect(text).toContain('"Smith, ""Jo""\nsecond line"');
    const rows: string[][] = parse(text);
    expect(rows).toHaveLength(names.length + 1);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(['Smith, "Jo"\nsecond line']));
    expect(
      rows
        .slice(1)
        .map((r) => r[2])
        .sort(),
    ).toEqual(["plain-name", "'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTabbed", "'\rReturned", "'\uFF1Dwide", 'a,b "c"\r\nd'].sort());
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
    const pages = vi.spyOn(keyReportStore(), "page");
    try {
      const reader = (await exportAllKeysCsv(manager, { owner: many.email }, NO_REQUEST)).getReader();
      const decoder = new TextDecoder();
      const first = await reader.read();
      // Pulled, not pushed: while nobody reads, at most the one page queued ahead is read.
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(pages.mock.calls.length).toBeLessThanOrEqual(2);
      let text = decoder.decode(first.value, { stream: true });
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const rows: string[][] = parse(text);
      expect(rows).toHaveLength(4_501);
      expect(new Set(rows.slice(1).map((r) => r[3])).size).toBe(4_500);
      // Pages of 500 along the id, each starting after the last id of the one before (the tenth
      // finds nothing more).
      expect(pages.mock.calls.map((c) => c[3])).toEqual(Array(10).fill(500));
      expect(pages.mock.calls[0][2]).toBe("");
      for (const call of pages.mock.calls.slice(1)) expect(call[2] > pages.mock.calls[0][2]).toBe(true);
    } finally {
      pages.mockRestore();
    }
  });

  it("stops reading when the download is abandoned", async () => {
    const pages = vi.spyOn(keyReportStore(), "page");
    try {
      const reader = (await exportAllKeysCsv(manager, {}, NO_REQUEST)).getReader();
      await reader.read();
      await reader.cancel();
      const seen = pages.mock.calls.length;
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(pages.mock.calls.length).toBe(seen);
    } finally {
      pages.mockRestore();
    }
  });
});
