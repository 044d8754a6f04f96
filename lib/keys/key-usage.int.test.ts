// The 30-day usage behind each key's chart, read from the rows the API's recorder writes.
import { describe, expect, it } from "vitest";
import { NO_REQUEST } from "../audit/write-audit";
import { db } from "../db/client";
import { createTestUser, keyInput } from "../testing/fixtures";
import { issueApiKey } from "./issue-api-key";
import { keyUsageByDay, keyUsageDetail } from "./key-usage";

describe("keyUsageByDay", () => {
  it("gives each key its last 30 UTC days, oldest first, successes and refusals apart", async () => {
    const user = await createTestUser();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const { key: quiet } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const now = new Date("2026-11-26T12:00:00Z");
    await db.apiKeyUsage.createMany({
      data: [
        { keyId: key.id, day: "2026-11-26", outcome: "ok", count: 7 },
        { keyId: key.id, day: "2026-11-26", outcome: "key_expired", count: 2 },
        { keyId: key.id, day: "2026-11-26", outcome: "insufficient_scope", count: 1 },
        { keyId: key.id, day: "2026-10-28", outcome: "ok", count: 4 }, // the 30th day back
        { keyId: key.id, day: "2026-10-27", outcome: "ok", count: 99 }, // too old
      ],
    });
    const usage = await keyUsageByDay([key.id, quiet.id], 30, now);
    expect(usage[key.id]).toHaveLength(30);
    expect(usage[key.id][0]).toEqual({ day: "2026-10-28", ok: 4, rejected: 0 });
    expect(usage[key.id][29]).toEqual({ day: "2026-11-26", ok: 7, rejected: 3 });
    expect(usage[key.id].reduce((n, d) => n + d.ok, 0)).toBe(11);
    expect(usage[quiet.id].every((d) => d.ok === 0 && d.rejected === 0)).toBe(true);
    expect(await keyUsageByDay([], 30, now)).toEqual({});
  });

  it("gives one key's page its days by outcome group, the totals and every outcome code", async () => {
    const user = await createTestUser();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const { key: other } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const now = new Date("2026-11-26T12:00:00Z");
    await db.apiKeyUsage.createMany({
      data: [
        { keyId: key.id, day: "2026-11-26", outcome: "ok", count: 7 },
        { keyId: key.id, day: "2026-11-26", outcome: "insufficient_scope", count: 1 },
        { keyId: key.id, day: "2026-11-25", outcome: "key_expired", count: 2 },
        { keyId: key.id, day: "2026-11-25", outcome: "api_access_disabled", count: 3 },
        { keyId: key.id, day: "2026-10-27", outcome: "ok", count: 99 }, // too old
        { keyId: other.id, day: "2026-11-26", outcome: "ok", count: 50 }, // another key
      ],
    });
    const detail = await keyUsageDetail(key.id, 30, now);
    expect(detail.days).toHaveLength(30);
    expect(detail.days[29]).toEqual({ day: "2026-11-26", ok: 7, scope: 1, refused: 0, outcomes: { ok: 7, insufficient_scope: 1 } });
    expect(detail.days[28]).toEqual({
      day: "2026-11-25",
      ok: 0,
      scope: 0,
      refused: 5,
      outcomes: { key_expired: 2, api_access_disabled: 3 },
    });
    expect(detail.days[0]).toEqual({ day: "2026-10-28", ok: 0, scope: 0, refused: 0, outcomes: {} });
    expect(detail.totals).toEqual({ ok: 7, scope: 1, refused: 5 });
    expect(detail.byOutcome).toEqual([
      { outcome: "ok", count: 7 },
      { outcome: "api_access_disabled", count: 3 },
      { outcome: "key_expired", count: 2 },
      { outcome: "insufficient_scope", count: 1 },
    ]);
  });
});
