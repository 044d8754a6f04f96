// The one Prisma client of a process. DATABASE_URL picks the engine: a file: URL uses the SQLite
// client, postgresql:// the PostgreSQL one. Both are generated from the same model, so the
// SQLite client's types describe either.
import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { databaseUrl, providerOf, sqliteFile, type Provider } from "./database-url";
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
const instance = (globalForDb.keydeskDb ??= createClient(databaseUrl()));

export const db: Db = instance.client;
export const dbProvider: Provider = instance.provider;

// Work queued by code running inside a transaction, to run only once it has committed.
const commitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` in one transaction. Every write in Keydesk goes through here: on SQLite the driver
 * serialises transactions on its single connection, so a write outside one could land inside
 * somebody else's.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await db.$transaction(
    (tx) => {
      commitHooks.set(tx, hooks);
      return fn(tx);
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  for (const hook of hooks) {
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
  const hooks = commitHooks.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}
