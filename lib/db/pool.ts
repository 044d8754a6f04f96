// PostgreSQL pool settings shared by every Keydesk process.
import type { PoolConfig } from "pg";

export function postgresPoolConfig(url: string): PoolConfig {
  return {
    connectionString: url,
    max: Number(process.env.KEYDESK_PG_POOL_MAX ?? 10),
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    // A runaway query is cut off rather than holding locks that block key writes.
    statement_timeout: Number(process.env.KEYDESK_PG_STATEMENT_TIMEOUT_MS ?? 15_000),
    allowExitOnIdle: true,
  };
}
