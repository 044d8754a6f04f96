// Requests made with a user's keys per UTC day, for the small chart beside each key. Written in
// batches by the API (lib/api/usage-recorder.ts); read here for the console.
import { db } from "../db/client";
import { addDays, utcDate } from "./expiry";

export type DailyUsage = { day: string; ok: number; rejected: number };

/** The last `days` days (today included) for each of `keyIds`, oldest first, zeros filled in. */
export async function keyUsageByDay(keyIds: readonly string[], days = 30, now = new Date()): Promise<Record<string, DailyUsage[]>> {
  const dayList = Array.from({ length: days }, (_, i) => utcDate(addDays(now, i - days + 1)));
  const result: Record<string, DailyUsage[]> = {};
  for (const id of keyIds) result[id] = dayList.map((day) => ({ day, ok: 0, rejected: 0 }));
  if (keyIds.length === 0) return result;
  const rows = await db.apiKeyUsage.findMany({
    where: { keyId: { in: [...keyIds] }, day: { gte: dayList[0] } },
    select: { keyId: true, day: true, outcome: true, count: true },
  });
  const index = new Map(dayList.map((day, i) => [day, i]));
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const cell = result[row.keyId][i];
    if (row.outcome === "ok") cell.ok += row.count;
    else cell.rejected += row.count;
  }
  return result;
}

/** A key's page: the three groups its chart stacks. */
export type UsageGroup = "ok" | "scope" | "refused";
export type DailyOutcomes = { day: string } & Record<UsageGroup, number> & {
    /** That day's count of each outcome code seen ("ok", "insufficient_scope", "key_expired"…). */
    outcomes: Record<string, number>;
  };
export type KeyUsageDetail = {
  days: DailyOutcomes[];
  totals: Record<UsageGroup, number>;
  /** Every outcome code seen in the window ("ok", "insufficient_scope", "key_expired"…) with its count, largest first. */
  byOutcome: { outcome: string; count: number }[];
};

function usageGroup(outcome: string): UsageGroup {
  if (outcome === "ok") return "ok";
  return outcome === "insufficient_scope" ? "scope" : "refused";
}

/** One key's last `days` UTC days (today included), oldest first, by outcome. */
export async function keyUsageDetail(keyId: string, days = 30, now = new Date()): Promise<KeyUsageDetail> {
  const dayList = Array.from({ length: days }, (_, i) => utcDate(addDays(now, i - days + 1)));
  const result: DailyOutcomes[] = dayList.map((day) => ({ day, ok: 0, scope: 0, refused: 0, outcomes: {} }));
  const rows = await db.apiKeyUsage.findMany({
    where: { keyId, day: { gte: dayList[0] } },
    select: { day: true, outcome: true, count: true },
  });
  const index = new Map(dayList.map((day, i) => [day, i]));
  const totals: Record<UsageGroup, number> = { ok: 0, scope: 0, refused: 0 };
  const byOutcome = new Map<string, number>();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const group = usageGroup(row.outcome);
    result[i][group] += row.count;
    result[i].outcomes[row.outcome] = (result[i].outcomes[row.outcome] ?? 0) + row.count;
    totals[group] += row.count;
    byOutcome.set(row.outcome, (byOutcome.get(row.outcome) ?? 0) + row.count);
  }
  return {
    days: result,
    totals,
    byOutcome: [...byOutcome].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count),
  };
}

export type KeyRefusalRow = { id: number; at: string; ip: string | null; code: string; endpoint: string };

/**
 * A key's last refused requests, newest first (the API keeps the newest 100 of each key).
 * Scoped to the owner: another user's key has none.
 */
export async function recentKeyRefusals(ownerId: string, keyId: string, limit = 100): Promise<KeyRefusalRow[]> {
  const rows = await db.apiKeyRefusal.findMany({
    where: { keyId, key: { userId: ownerId } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, ip: true, code: true, endpoint: true },
  });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
