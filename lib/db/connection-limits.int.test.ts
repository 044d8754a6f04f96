// Limits on the connections Keydesk opens: a lookup of the API's hot path never hangs behind a
// lock for longer than the statement timeout (PostgreSQL) or at all (SQLite readers never wait
// for the writer), and on PostgreSQL every connection a running API opens - Prisma's pool, the
// hot-path pool, the LISTEN connection - is one of ours, configured in lib/db/pool.ts.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createApiRuntime } from "../api/runtime";
import { NO_REQUEST } from "../audit/write-audit";
import { issueApiKey } from "../keys/issue-api-key";
import { createTestUser, keyInput } from "../testing/fixtures";
import { createApiStore } from "./api-store";
import { db, dbProvider } from "./client";
import { sqliteFile } from "./database-url";

const url = process.env.DATABASE_URL!;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Runs `fn` while another connection holds the strongest lock on ApiKey (a migration's). */
async function whileApiKeyLocked<T>(fn: () => Promise<T>): Promise<T> {
  if (dbProvider === "sqlite") {
    const writer = new Database(sqliteFile(url));
    writer.exec(`BEGIN IMMEDIATE; UPDATE "ApiKey" SET "name" = "name";`);
    try {
      return await fn();
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
    }
  }
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  await locker.query(`BEGIN; LOCK TABLE "ApiKey" IN ACCESS EXCLUSIVE MODE`);
  try {
    return await fn();
  } finally {
    await locker.query("ROLLBACK");
    await locker.end();
  }
}

describe("connection limits", () => {
  it("a key lookup on the API's hot path does not hang behind a lock", async () => {
    const user = await createTestUser();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    const previous = process.env.KEYDESK_PG_STATEMENT_TIMEOUT_MS;
    process.env.KEYDESK_PG_STATEMENT_TIMEOUT_MS = "300";
    const store = createApiStore(url);
    if (previous === undefined) delete process.env.KEYDESK_PG_STATEMENT_TIMEOUT_MS;
    else process.env.KEYDESK_PG_STATEMENT_TIMEOUT_MS = previous;
    cleanups.push(() => store.close());

    const start = performance.now();
    const outcome = await whileApiKeyLocked(() =>
      store.lookupKey(key.clientId).then(
        (rows) => ({ rows: rows.length, code: null }),
        (error: { code?: string }) => ({ rows: 0, code: error.code ?? "?" }),
      ),
    );
    const elapsed = performance.now() - start;
    if (dbProvider === "sqlite") {
      // WAL: readers see the last commit while a writer holds the lock.
      expect(outcome).toEqual({ rows: 1, code: null });
    } else {
      expect(outcome).toEqual({ rows: 0, code: "57014" }); // canceled by statement_timeout
      expect(elapsed).toBeGreaterThanOrEqual(250);
    }
    expect(elapsed).toBeLessThan(5_000);
    // And the pool is usable again once the lock is gone.
    expect(await store.lookupKey(key.clientId)).toHaveLength(1);
  });

  it("on PostgreSQL every connection of a running API carries Keydesk's settings", async () => {
    const runtime = createApiRuntime();
    cleanups.push(() => runtime.stop());
    await runtime.ready();
    const user = await createTestUser();
    const { token } = await issueApiKey(user, keyInput(), NO_REQUEST);
    expect((await runtime.verifier.verify(token)).ok).toBe(true);
    if (dbProvider === "sqlite") {
      // Nothing to name on SQLite; the store answers from its own read-only connection.
      const store = createApiStore(url);
      cleanups.push(() => store.close());
      expect(await store.lookupKey("absent")).toEqual([]);
      return;
    }
    const settings = await db.$queryRawUnsafe<{ name: string; setting: string }[]>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('statement_timeout', 'idle_in_transaction_session_timeout', 'application_name') ORDER BY name`,
    );
    expect(settings).toEqual([
      { name: "application_name", setting: "keydesk" },
      { name: "idle_in_transaction_session_timeout", setting: "60000" },
      { name: "statement_timeout", setting: "15000" },
    ]);
    const observer = new pg.Client({ connectionString: url, application_name: "test-observer" });
    await observer.connect();
    try {
      const { rows } = await observer.query<{ application_name: string }>(
        `SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY 1`,
      );
      expect(rows.map((r) => r.application_name)).toEqual(["keydesk", "keydesk-api", "keydesk-listen"]);
    } finally {
      await observer.end();
    }
  });
});
