// The API's hot-path store: looking up a presented key, listing client ids, reading the
// KeyChange feed, and writing batches of usage counters. Everything else goes through the
// Prisma client (lib/db/client.ts).
//
// Why a second way in: Prisma 6 plans every query in Wasm, ~150 µs of CPU even for a raw
// query, and maps every parameter in JavaScript, while a prepared statement costs ~5 µs on
// SQLite. A verification that misses the cache would cost more in planning than in everything
// else together, and a usage batch of 20,000 rows more than the requests it counts (measured
// with `npm run bench`). The store has its own connections, so on SQLite its reads only ever
// see committed data (Prisma's SQLite driver shares one connection between requests, and a
// read there can see another request's open transaction). Its only writes are usage batches,
// each one transaction; they touch nothing that decides whether a key authenticates.
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, providerOf, sqliteFile } from "./database-url";
import { postgresPoolConfig } from "./pool";

/** One row per role of the key's owner (roleId null when the owner has none). */
export type KeyLookupRow = {
  keyId: string;
  clientId: string;
  keyName: string;
  secretHash: string;
  apiSets: string;
  expiresAt: number;
  revokedAt: number | null;
  ownerId: string;
  ownerName: string;
  ownerEmail: string;
  disabled: boolean;
  apiAccess: boolean;
  roleId: string | null;
  authorities: string | null;
  /** Key controls: when the key was deactivated (or null); its IP allowlist ("" = any address). */
  deactivatedAt: number | null;
  ipAllowlist: string;
  rateLimitRequests: number | null;
  rateLimitWindowSeconds: number | null;
};

type FeedRow = { id: number; userId: string | null };

export type ApiStore = {
  lookupKey(clientId: string): Promise<KeyLookupRow[]>;
  /**
   * Calls `each` with the lookup rows of every key, or (after a change of one user) of that
   * user's keys that can be new to a reader: all but those revoked more than
   * REFRESH_REVOKED_MS ago. What `lookupKey` returns for each, in client id order.
   */
  forEachKey(each: (rows: KeyLookupRow[]) => void, userId?: string, pageRows?: number): Promise<void>;
  feedAfter(id: number, limit: number): Promise<FeedRow[]>;
  feedIds(ids: number[]): Promise<FeedRow[]>;
  /** The highest feed id written before `before` (0 if none). */
  feedFloor(before: Date): Promise<number>;
  /** Adds the counts and moves last use forward, in one transaction. */
  writeUsage(batch: UsageBatch): Promise<void>;
  /** Rows per usage transaction, to keep each write (and the locks it holds) short. */
  usageChunkRows: number;
  close(): Promise<void>;
};

type UsageCount = { keyId: string; day: string; outcome: string; count: number };
type LastUse = { keyId: string; at: Date; ip: string | null };
type Refusal = { keyId: string; at: Date; ip: string | null; code: string; endpoint: string };
/** `refusals`: refused requests of known keys; the store then keeps the newest REFUSALS_KEPT per key. */
export type UsageBatch = { counts: UsageCount[]; lastUsed: LastUse[]; refusals?: Refusal[] };

/**
 * A user's keys revoked longer ago than this are left out when the key directory is brought up
 * to date after a change of that user (the verifier's refresh, one query per changed user in
 * every API process): revoked keys pile up with every issue-and-revoke, and reading all of them
 * on every change made that query, synchronous on SQLite, grow without bound (5-7 ms for 3,000
 * keys). A reader learns of every key within a feed poll of its commit (at most the feed's gap
 * timeout, 60 s) or loads the whole directory when it starts, so a key revoked this long ago is
 * already in its directory. If it ever is not (a feed stalled longer, clocks apart by more), it is
 * refused as an unknown key instead of a revoked one: refused either way.
 */
export const REFRESH_REVOKED_MS = 10 * 60_000;

/** Refused requests kept per key (the key's page lists them). */
const REFUSALS_KEPT = 100;

/** Rows in key order, so concurrent batches from several processes lock rows in one order. */
const byKey = <T extends { keyId: string }>(rows: T[]) => [...rows].sort((a, b) => (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0));

const LOOKUP = `
  SELECT k."id" AS "keyId", k."clientId", k."name" AS "keyName", k."secretHash", k."apiSets",
         k."expiresAt", k."revokedAt", u."id" AS "ownerId", u."name" AS "ownerName",
         u."email" AS "ownerEmail", u."disabled", u."apiAccess", r."id" AS "roleId", r."authorities",
         k."deactivatedAt", k."ipAllowlist",
         k."rateLimitRequests", k."rateLimitWindowSeconds"
  FROM "ApiKey" k
  JOIN "User" u ON u."id" = k."userId"
  LEFT JOIN "UserRole" ur ON ur."userId" = u."id"
  LEFT JOIN "Role" r ON r."id" = ur."roleId"
  WHERE k."clientId" = $1`;

const LOOKUP_MANY = LOOKUP.replace(`k."clientId" = $1`, `k."clientId" = ANY($1::text[])`);

/** Every key's lookup rows (or one user's, when the second parameter is set), a page after a client id. */
const LOOKUP_PAGE = `${LOOKUP.replace(
  `k."clientId" = $1`,
  `k."clientId" > $1 AND ($2::text IS NULL OR (k."userId" = $2 AND (k."revokedAt" IS NULL OR k."revokedAt" > $4::timestamp)))`,
)}
  ORDER BY k."clientId" LIMIT $3`;
/** Rows per page of forEachKey on PostgreSQL: a bounded batch in memory at a time. */
const KEY_PAGE = 2_000;

/** Groups rows that arrive in client id order (one per role of the owner) and hands on each key's. */
function groupByKey(each: (rows: KeyLookupRow[]) => void) {
  let group: KeyLookupRow[] = [];
  return {
    add(row: KeyLookupRow) {
      if (group.length > 0 && group[0].clientId !== row.clientId) {
        each(group);
        group = [];
      }
      group.push(row);
    },
    end() {
      if (group.length > 0) each(group);
      group = [];
    },
  };
}

/** Most keys looked up in one query. */
export const MAX_BATCH = 100;

/**
 * Looks keys up in batches: every lookup asked for during one turn of the event loop (the
 * requests whose bytes arrived together) goes into one query, sent when the turn ends. Under
 * load that is one round trip for several cache misses instead of one each: less work for
 * the process and for PostgreSQL, and fewer misses queued behind each other for a connection.
 * Each query still starts after every lookup in it was asked for, so it reads what they would
 * have read alone, or newer.
 */
export function batchedLookups<Row extends { clientId: string }>(run: (clientIds: string[]) => Promise<Row[]>) {
  type Waiter = { resolve: (rows: Row[]) => void; reject: (error: unknown) => void };
  let pending: Map<string, Waiter[]> | null = null;
  const send = (batch: Map<string, Waiter[]>) => {
    run([...batch.keys()]).then(
      (rows) => {
        const byClient = new Map<string, Row[]>();
        for (const row of rows) {
          const list = byClient.get(row.clientId);
          if (list) list.push(row);
          else byClient.set(row.clientId, [row]);
        }
        for (const [clientId, waiters] of batch) for (const w of waiters) w.resolve(byClient.get(clientId) ?? []);
      },
      (error) => {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
      },
    );
  };
  return (clientId: string) =>
    new Promise<Row[]>((resolve, reject) => {
      if (!pending) {
        const batch = new Map();
        pending = batch;
        setImmediate(() => {
          if (pending !== batch) return; // already sent full
          pending = null;
          send(batch);
        });
      }
      const waiters = pending.get(clientId);
      if (waiters) waiters.push({ resolve, reject });
      else pending.set(clientId, [{ resolve, reject }]);
      if (pending.size >= MAX_BATCH) {
        const full = pending;
        pending = null;
        send(full);
      }
    });
}

type RawLookupRow = Omit<KeyLookupRow, "expiresAt" | "revokedAt" | "deactivatedAt" | "disabled" | "apiAccess"> & {
  expiresAt: string | number | Date;
  revokedAt: string | number | Date | null;
  deactivatedAt: string | number | Date | null;
  disabled: number | boolean;
  apiAccess: number | boolean;
};

/** DateTime on SQLite is ISO text, in the form Prisma writes it. */
const sqliteDate = (d: Date) => d.toISOString().replace("Z", "+00:00");
/** timestamp(3) on PostgreSQL, UTC. */
const postgresDate = (d: Date) => d.toISOString().replace("T", " ").replace("Z", "");

const toMs = (value: string | number | Date) =>
  typeof value === "number" ? value : value instanceof Date ? value.getTime() : Date.parse(value);

function normalize(row: RawLookupRow): KeyLookupRow {
  return {
    ...row,
    expiresAt: toMs(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : toMs(row.revokedAt),
    deactivatedAt: row.deactivatedAt === null ? null : toMs(row.deactivatedAt),
    disabled: row.disabled === true || row.disabled === 1,
    apiAccess: row.apiAccess === true || row.apiAccess === 1,
  };
}

export function createApiStore(url = databaseUrl()): ApiStore {
  return providerOf(url) === "postgresql" ? postgresStore(url) : sqliteStore(url);
}

function sqliteStore(url: string): ApiStore {
  const db = new Database(sqliteFile(url), { readonly: true, fileMustExist: true, timeout: 5_000 });
  // Usage is written by a worker thread with its own connection (lib/db/usage-writer-worker.mjs).
  let writer: UsageWriterThread | null = null;
  const lookup = db.prepare(LOOKUP.replace("$1", "?"));
  const allKeys = db.prepare(`${LOOKUP.replace(`WHERE k."clientId" = $1`, "")} ORDER BY k."clientId"`);
  const userKeys = db.prepare(
    `${LOOKUP.replace(`k."clientId" = $1`, `k."userId" = ? AND (k."revokedAt" IS NULL OR k."revokedAt" > ?)`)} ORDER BY k."clientId"`,
  );
  const after = db.prepare(`SELECT "id", "userId" FROM "KeyChange" WHERE "id" > ? ORDER BY "id" LIMIT ?`);
  const floor = db.prepare(`SELECT COALESCE(MAX("id"), 0) FROM "KeyChange" WHERE "at" < ?`).pluck();
  return {
    async lookupKey(clientId) {
      return (lookup.all(clientId) as RawLookupRow[]).map(normalize);
    },
    async forEachKey(each, userId) {
      // One read transaction (the statement's): every key streamed as SQLite produces the rows,
      // or one user's few rows in one call (iterate() crosses into SQLite once per row).
      const keys = groupByKey(each);
      const rows =
        userId === undefined
          ? (allKeys.iterate() as Iterable<RawLookupRow>)
          : (userKeys.all(userId, sqliteDate(new Date(Date.now() - REFRESH_REVOKED_MS))) as RawLookupRow[]);
      for (const row of rows) keys.add(normalize(row));
      keys.end();
    },
    async feedAfter(id, limit) {
      return after.all(id, limit) as FeedRow[];
    },
    async feedIds(ids) {
      if (ids.length === 0) return [];
      return db.prepare(`SELECT "id", "userId" FROM "KeyChange" WHERE "id" IN (${ids.map(() => "?").join(",")})`).all(...ids) as FeedRow[];
    },
    async feedFloor(before) {
      return Number(floor.get(sqliteDate(before)));
    },
    async writeUsage(batch) {
      writer ??= new UsageWriterThread(sqliteFile(url));
      await writer.write(batch);
    },
    usageChunkRows: 500,
    async close() {
      db.close();
      await writer?.close();
    },
  };
}

/** The SQLite usage writer thread: one message per batch, answered when committed or failed. */
class UsageWriterThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;

  constructor(file: string) {
    const script = path.join(/*turbopackIgnore: true*/ process.cwd(), "lib", "db", "usage-writer-worker.mjs");
    this.worker = new Worker(script, { workerData: { file } });
    this.worker.unref();
    this.worker.on("message", ({ id, error }: { id: number; error?: string }) => {
      const waiting = this.pending.get(id);
      this.pending.delete(id);
      if (error) waiting?.reject(new Error(error));
      else waiting?.resolve();
    });
    this.worker.on("error", (error) => this.failAll(error));
    this.worker.on("exit", () => this.failAll(new Error("the usage writer thread stopped")));
  }

  private send(message: object): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref(); // keep the process alive until the answer arrives
      this.worker.postMessage({ id, ...message });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  write(batch: UsageBatch): Promise<void> {
    return this.send({ batch });
  }

  async close(): Promise<void> {
    await this.send({ close: true }).catch(() => {});
    await this.worker.terminate();
  }

  private failAll(error: Error) {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}

function postgresStore(url: string): ApiStore {
  const pool = new pg.Pool({
    ...postgresPoolConfig(url, "reader"),
    // timestamp(3) columns hold UTC (Prisma writes them so); read them as UTC whatever TZ says.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === pg.types.builtins.TIMESTAMP
          ? (value: string) => Date.parse(`${value.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on("error", () => {}); // an idle connection dropped; the next query opens another
  const lookupMany = batchedLookups<RawLookupRow>(async (clientIds) => {
    const result = await pool.query<RawLookupRow>({ name: "keydesk_key_lookup_many", text: LOOKUP_MANY, values: [clientIds] });
    return result.rows;
  });
  return {
    async lookupKey(clientId) {
      return (await lookupMany(clientId)).map(normalize);
    },
    async forEachKey(each, userId, pageRows = KEY_PAGE) {
      // Keyset pages: a key's role rows never straddle two pages (LIMIT counts rows, so a page
      // ends early at a key boundary and the next begins after the last complete key).
      let after = "";
      for (;;) {
        const result: pg.QueryResult<RawLookupRow> = await pool.query<RawLookupRow>({
          name: "keydesk_key_page",
          text: LOOKUP_PAGE,
          values: [after, userId ?? null, pageRows, postgresDate(new Date(Date.now() - REFRESH_REVOKED_MS))],
        });
        const rows: RawLookupRow[] = result.rows;
        if (rows.length === 0) return;
        const full = rows.length === pageRows;
        // On a full page the last key may have more role rows on the next: hold it back.
        const lastId = rows[rows.length - 1].clientId;
        const upTo = full ? rows.findIndex((r) => r.clientId === lastId) : rows.length;
        if (upTo === 0) {
          // The page holds one key's rows only, perhaps not all of them: read that key whole.
          const whole = await pool.query<RawLookupRow>({ name: "keydesk_key_lookup", text: LOOKUP, values: [lastId] });
          if (whole.rows.length > 0) each(whole.rows.map(normalize));
          after = lastId;
          continue;
        }
        const keys = groupByKey(each);
        for (let i = 0; i < upTo; i++) keys.add(normalize(rows[i]));
        keys.end();
        if (!full) return;
        after = rows[upTo - 1].clientId;
      }
    },
    async feedAfter(id, limit) {
      const result = await pool.query<FeedRow>({
        name: "keydesk_feed_after",
        text: `SELECT "id", "userId" FROM "KeyChange" WHERE "id" > $1 ORDER BY "id" LIMIT $2`,
        values: [id, limit],
      });
      return result.rows;
    },
    async feedIds(ids) {
      if (ids.length === 0) return [];
      const result = await pool.query<FeedRow>(`SELECT "id", "userId" FROM "KeyChange" WHERE "id" = ANY($1::int[])`, [ids]);
      return result.rows;
    },
    async feedFloor(before) {
      const result = await pool.query<{ floor: number }>(
        `SELECT COALESCE(MAX("id"), 0)::int AS "floor" FROM "KeyChange" WHERE "at" < $1::timestamp`,
        [postgresDate(before)],
      );
      return result.rows[0].floor;
    },
    usageChunkRows: 1000,
    async writeUsage(batch) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const counts = byKey(batch.counts);
        if (counts.length > 0) {
          await client.query(
            `INSERT INTO "ApiKeyUsage" ("keyId", "day", "outcome", "count")
             SELECT v.k, v.d, v.o, v.c FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS v(k, d, o, c)
             WHERE EXISTS (SELECT 1 FROM "ApiKey" a WHERE a."id" = v.k)
             ON CONFLICT ("keyId", "day", "outcome") DO UPDATE SET "count" = "ApiKeyUsage"."count" + excluded."count"`,
            [counts.map((c) => c.keyId), counts.map((c) => c.day), counts.map((c) => c.outcome), counts.map((c) => c.count)],
          );
        }
        const uses = byKey(batch.lastUsed);
        if (uses.length > 0) {
          await client.query(
            `UPDATE "ApiKey" a SET "lastUsedAt" = v.at, "lastUsedIp" = v.ip
             FROM unnest($1::text[], $2::timestamp(3)[], $3::text[]) AS v(id, at, ip)
             WHERE a."id" = v.id AND (a."lastUsedAt" IS NULL OR a."lastUsedAt" < v.at)`,
            [uses.map((u) => u.keyId), uses.map((u) => postgresDate(u.at)), uses.map((u) => u.ip)],
          );
        }
        const refusals = batch.refusals ?? [];
        if (refusals.length > 0) {
          await client.query(
            `INSERT INTO "ApiKeyRefusal" ("keyId", "at", "ip", "code", "endpoint")
             SELECT v.k, v.at, v.ip, v.c, v.e FROM unnest($1::text[], $2::timestamp(3)[], $3::text[], $4::text[], $5::text[]) AS v(k, at, ip, c, e)
             WHERE EXISTS (SELECT 1 FROM "ApiKey" a WHERE a."id" = v.k)`,
            [
              refusals.map((r) => r.keyId),
              refusals.map((r) => postgresDate(r.at)),
              refusals.map((r) => r.ip),
              refusals.map((r) => r.code),
              refusals.map((r) => r.endpoint),
            ],
          );
          // Only the newest of each key touched are kept.
          await client.query(
            `DELETE FROM "ApiKeyRefusal" r USING (
               SELECT "id" FROM (
                 SELECT "id", row_number() OVER (PARTITION BY "keyId" ORDER BY "at" DESC, "id" DESC) AS n
                 FROM "ApiKeyRefusal" WHERE "keyId" = ANY($1::text[])
               ) ranked WHERE n > $2
             ) old WHERE r."id" = old."id"`,
            [[...new Set(refusals.map((r) => r.keyId))], REFUSALS_KEPT],
          );
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}
