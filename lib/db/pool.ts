// PostgreSQL connection settings for every connection a Keydesk process opens: the Prisma pool
// (lib/db/client.ts), the API's hot-path pool (lib/db/api-store.ts), the API's LISTEN
// connection (lib/api/key-change-feed.ts) and the migration runner (lib/db/migrate.ts).
//
// Pool sizes follow the machine. A Node.js process runs JavaScript on one thread, so a bigger
// pool helps only while queries wait on the server (locks, I/O), never for CPU; what the cores
// of the machine change is how much PostgreSQL work can overlap (about two active connections
// per core keep a server busy). So each pool is a small multiple of os.availableParallelism()
// (which honours CPU affinity), with a floor, so that a few transactions queued on one user's
// row lock never starve everybody else, and a ceiling, so that several processes stay inside
// PostgreSQL's default max_connections of 100: at most 10 + 4 + 1 (LISTEN) per process (a webhook
// worker adds its own LISTEN connection, and a CSV export of All keys one more while it runs:
// lib/db/key-report-store.ts). Set the
// variables below when running more than six processes on one server.
//
// Every connection carries server-side limits: a runaway statement is cut off rather than
// holding the locks key changes wait on, and a transaction left idle by a stalled process is
// ended rather than holding its row locks for ever.
import os from "node:os";
import type { ClientConfig, PoolConfig } from "pg";

type Env = Record<string, string | undefined>;

const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
/** Migrations may rebuild indexes on big tables: a limit of their own. */
const DEFAULT_MIGRATION_TIMEOUT_MS = 10 * 60_000;
/** Longer than any transaction Keydesk runs (Prisma's own limit is 15 s). */
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export type PoolSizes = {
  /** The Prisma client's pool: pages, actions, key changes, the API's writes. */
  prisma: number;
  /** The API's hot-path pool: key lookups on a cache miss, the change feed, usage batches. */
  reader: number;
};

/** KEYDESK_PG_POOL_MAX and KEYDESK_PG_READER_POOL_MAX, else derived from the cores. */
export function postgresPoolSizes(env: Env = process.env, cores = os.availableParallelism()): PoolSizes {
  return {
    prisma: wholeNumber(env, "KEYDESK_PG_POOL_MAX", clamp(2 * cores, 4, 10), 1, 1000),
    reader: wholeNumber(env, "KEYDESK_PG_READER_POOL_MAX", clamp(cores, 2, 4), 1, 1000),
  };
}

/** KEYDESK_PG_STATEMENT_TIMEOUT_MS (0 switches the limit off). */
export function statementTimeoutMs(env: Env = process.env): number {
  return wholeNumber(env, "KEYDESK_PG_STATEMENT_TIMEOUT_MS", DEFAULT_STATEMENT_TIMEOUT_MS, 0, 24 * 3_600_000);
}

/** KEYDESK_PG_MIGRATION_TIMEOUT_MS: per statement of a migration, and waiting for another
 * instance's migrations to finish. */
export function migrationTimeoutMs(env: Env = process.env): number {
  return wholeNumber(env, "KEYDESK_PG_MIGRATION_TIMEOUT_MS", DEFAULT_MIGRATION_TIMEOUT_MS, 0, 24 * 3_600_000);
}

/**
 * Settings for one connection: address, connect timeout and the server-side limits.
 * `application_name` shows which part of Keydesk holds a connection in pg_stat_activity.
 */
export function postgresClientConfig(
  url: string,
  options: { applicationName?: string; statementTimeoutMs?: number; env?: Env } = {},
): ClientConfig {
  const env = options.env ?? process.env;
  return {
    connectionString: url,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? statementTimeoutMs(env),
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: options.applicationName ?? "keydesk",
  };
}

/** The Prisma client's pool (`role: "prisma"`) or the API's hot-path pool (`"reader"`). */
export function postgresPoolConfig(url: string, role: keyof PoolSizes = "prisma", env: Env = process.env): PoolConfig {
  return {
    ...postgresClientConfig(url, { applicationName: role === "prisma" ? "keydesk" : "keydesk-api", env }),
    max: postgresPoolSizes(env)[role],
    idleTimeoutMillis: 30_000,
    allowExitOnIdle: true,
  };
}
