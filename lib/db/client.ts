// The one Prisma client of a process. DATABASE_URL picks the engine: a file: URL uses the SQLite
// client, postgresql:// the PostgreSQL one. Both are generated from the same model, so the
// SQLite client's types describe either.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, type Provider, providerOf, sqliteFile } from "./database-url";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { Prisma, PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { postgresPoolConfig } from "./pool";
import { PrismaBetterSQLite3Immediate } from "./sqlite-adapter";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

function createClient(url: string): { client: Db; provider: Provider } {
  const provider = providerOf(url);
  if (provider === "postgresql") {
    const adapter = new PrismaPg(postgresPoolConfig(url));
    return { client: new PostgresClient({ adapter }) as unknown as Db, provider };
  }
  const adapter = new PrismaBetterSQLite3Immediate({ url: sqliteFile(url), timeout: 15_000 });
  return { client: new SqliteClient({ adapter }), provider };
}

const globalForDb = globalThis as unknown as { keydeskDb?: { client: Db; provider: Provider } };
globalForDb.keydeskDb ??= createClient(databaseUrl());
const instance = globalForDb.keydeskDb;

export const db: Db = instance.client;
export const dbProvider: Provider = instance.provider;

// Work queued by code running inside a transaction: the last statements before it commits
// (keyed, so the same work is queued once), and what to do only once it has committed.
type CommitWork = { before: Map<string, () => Promise<void>>; after: (() => void)[] };
const commitWork = new WeakMap<object, CommitWork>();

/**
 * Runs `fn` in one transaction. Every write in Keydesk goes through here: on SQLite the driver
 * serialises transactions on its single connection, so a write outside one could land inside
 * somebody else's.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const work: CommitWork = { before: new Map(), after: [] };
  const result = await db.$transaction(
    async (tx) => {
      commitWork.set(tx, work);
      const value = await fn(tx);
      for (const step of work.before.values()) await step();
      return value;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  for (const hook of work.after) {
    try {
      hook();
    } catch (error) {
      console.error("[keydesk] after-commit hook failed:", error instanceof Error ? error.message : error);
    }
  }
  return result;
}

/**
 * Runs `hook` after the transaction `tx` commits (never when it rolls back). Returns false, and
 * does nothing, for a transaction not started by `transaction()`.
 */
export function afterCommit(tx: Tx, hook: () => void): boolean {
  const work = commitWork.get(tx);
  if (!work) return false;
  work.after.push(hook);
  return true;
}

/**
 * Runs `step` as the last work inside the transaction `tx`, once `fn` has succeeded; the same
 * `key` queues it once. Returns false, and does nothing, for a transaction not started by
 * `transaction()`.
 */
export function beforeCommit(tx: Tx, key: string, step: () => Promise<void>): boolean {
  const work = commitWork.get(tx);
  if (!work) return false;
  if (!work.before.has(key)) work.before.set(key, step);
  return true;
}
