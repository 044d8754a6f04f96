// Usage of keys without a database write per request: counts per key, UTC day and outcome, and
// the last use (time, IP), gathered in memory and written in one transaction every few seconds
// and on shutdown. Last use is written at most once a minute per key (the newest value wins);
// counts are added, never overwritten, so several processes can flush into the same rows. A
// flush that fails puts its batch back; nothing is dropped while the process stops cleanly.
import { dbProvider, Prisma, transaction, type Tx } from "../db/client";
import { logError } from "../log";

export type UsageOutcome = "ok" | string;

type LastUse = { at: number; ip: string | null };

const ROWS_PER_STATEMENT = 400;

export type UsageBatch = {
  counts: Map<string, number>;
  lastUsed: Map<string, LastUse>;
};

export type UsageWriter = (batch: { counts: { keyId: string; day: string; outcome: string; count: number }[]; lastUsed: { keyId: string; at: Date; ip: string | null }[] }) => Promise<void>;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class UsageRecorder {
  private counts = new Map<string, number>();
  private pendingLastUse = new Map<string, LastUse>();
  /** When each key's last use was last written, to write it at most once a minute. */
  private readonly lastWritten = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly lastUseEveryMs: number;

  constructor(
    private readonly write: UsageWriter = writeUsage,
    private readonly options: { flushEveryMs?: number; lastUseEveryMs?: number; now?: () => number } = {},
  ) {
    this.lastUseEveryMs = options.lastUseEveryMs ?? 60_000;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Notes one request made with the key `keyId`. Never touches the database. */
  record(keyId: string, outcome: UsageOutcome, ip: string | null, at = this.now()): void {
    const countKey = `${keyId}\u0000${utcDay(at)}\u0000${outcome}`;
    this.counts.set(countKey, (this.counts.get(countKey) ?? 0) + 1);
    if (outcome !== "ok") return;
    const previous = this.pendingLastUse.get(keyId);
    if (!previous || previous.at <= at) this.pendingLastUse.set(keyId, { at, ip });
  }

  get pending(): { counts: number; lastUsed: number } {
    return { counts: this.counts.size, lastUsed: this.pendingLastUse.size };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((error) => logError("usage flush", error));
    }, this.options.flushEveryMs ?? 2_000);
    this.timer.unref();
  }

  /** Stops the timer and writes everything still pending, last uses included. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush({ all: true });
  }

  /** Writes what has gathered. `all`: last uses too, even if written less than a minute ago. */
  flush(options: { all?: boolean } = {}): Promise<void> {
    const run = async () => {
      await this.flushing?.catch(() => {});
      await this.flushOnce(options.all ?? false);
    };
    const current = run().finally(() => {
      if (this.flushing === current) this.flushing = null;
    });
    this.flushing = current;
    return current;
  }

  private async flushOnce(all: boolean): Promise<void> {
    const now = this.now();
    const counts = this.counts;
    this.counts = new Map();
    const lastUsed = new Map<string, LastUse>();
    for (const [keyId, use] of this.pendingLastUse) {
      const written = this.lastWritten.get(keyId);
      if (all || written === undefined || now - written >= this.lastUseEveryMs) {
        lastUsed.set(keyId, use);
        this.pendingLastUse.delete(keyId);
      }
    }
    if (counts.size === 0 && lastUsed.size === 0) return;
    try {
      await this.write({
        counts: [...counts].map(([key, count]) => {
          const [keyId, day, outcome] = key.split("\u0000");
          return { keyId, day, outcome, count };
        }),
        lastUsed: [...lastUsed].map(([keyId, use]) => ({ keyId, at: new Date(use.at), ip: use.ip })),
      });
    } catch (error) {
      // Put the batch back (adding to what arrived meanwhile) for the next flush.
      for (const [key, count] of counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
      for (const [keyId, use] of lastUsed) {
        const newer = this.pendingLastUse.get(keyId);
        if (!newer || newer.at < use.at) this.pendingLastUse.set(keyId, use);
      }
      throw error;
    }
    for (const keyId of lastUsed.keys()) this.lastWritten.set(keyId, now);
    for (const [keyId, written] of this.lastWritten) {
      if (now - written >= this.lastUseEveryMs) this.lastWritten.delete(keyId);
    }
  }
}

/** Writes a batch in one transaction: counts are added to, last use only moves forward. */
export async function writeUsage(batch: Parameters<UsageWriter>[0]): Promise<void> {
  await transaction(async (tx) => {
    for (let i = 0; i < batch.counts.length; i += ROWS_PER_STATEMENT) {
      await addCounts(tx, batch.counts.slice(i, i + ROWS_PER_STATEMENT));
    }
    for (let i = 0; i < batch.lastUsed.length; i += ROWS_PER_STATEMENT) {
      await setLastUsed(tx, batch.lastUsed.slice(i, i + ROWS_PER_STATEMENT));
    }
  });
}

async function addCounts(tx: Tx, rows: { keyId: string; day: string; outcome: string; count: number }[]) {
  const values = Prisma.join(rows.map((r) => Prisma.sql`(${r.keyId}, ${r.day}, ${r.outcome}, CAST(${r.count} AS INTEGER))`));
  // Keys deleted meanwhile (with their owner) are skipped rather than failing the batch.
  await tx.$executeRaw`
    WITH v ("keyId", "day", "outcome", "count") AS (VALUES ${values})
    INSERT INTO "ApiKeyUsage" ("keyId", "day", "outcome", "count")
    SELECT v."keyId", v."day", v."outcome", v."count" FROM v
    WHERE EXISTS (SELECT 1 FROM "ApiKey" k WHERE k."id" = v."keyId")
    ON CONFLICT ("keyId", "day", "outcome") DO UPDATE SET "count" = "ApiKeyUsage"."count" + excluded."count"`;
}

async function setLastUsed(tx: Tx, rows: { keyId: string; at: Date; ip: string | null }[]) {
  // SQLite keeps DateTime as ISO text (as Prisma writes it); PostgreSQL as timestamp(3).
  const at = (d: Date) => (dbProvider === "postgresql" ? Prisma.sql`CAST(${d} AS TIMESTAMP(3))` : Prisma.sql`${d}`);
  const values = Prisma.join(rows.map((r) => Prisma.sql`(${r.keyId}, ${at(r.at)}, CAST(${r.ip} AS TEXT))`));
  await tx.$executeRaw`
    WITH v ("keyId", "at", "ip") AS (VALUES ${values})
    UPDATE "ApiKey" SET "lastUsedAt" = v."at", "lastUsedIp" = v."ip"
    FROM v
    WHERE "ApiKey"."id" = v."keyId" AND ("ApiKey"."lastUsedAt" IS NULL OR "ApiKey"."lastUsedAt" < v."at")`;
}
