// Applies pending migrations from prisma/migrations (SQLite) or prisma/postgres/migrations.
// Used by `npm start`, `npm run db:migrate` and the test harnesses. Safe when several instances
// start at once: SQLite takes the write lock first, PostgreSQL an advisory lock.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrationsDir, type Provider, providerOf, sqliteFile } from "./database-url";
import { migrationTimeoutMs, postgresClientConfig } from "./pool";

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; total: number };

const LEDGER = "_keydesk_migrations";
// Any constant works; it only has to be the same for every Keydesk process.
const PG_LOCK_KEY = 727_144_001;

export function readMigrations(provider: Provider, dir = migrationsDir(provider)): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkLedger(known: Map<string, string>, migrations: Migration[]) {
  for (const m of migrations) {
    const recorded = known.get(m.name);
    if (recorded && recorded !== m.checksum) {
      throw new Error(`Migration ${m.name} was edited after it was applied; add a new migration instead.`);
    }
  }
}

export async function migrateDatabase(url: string, options: { upTo?: string } = {}): Promise<MigrateResult> {
  const provider = providerOf(url);
  let migrations = readMigrations(provider);
  const upTo = options.upTo;
  if (upTo) migrations = migrations.filter((m) => m.name <= upTo);
  return provider === "sqlite" ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): MigrateResult {
  const file = sqliteFile(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const applied: string[] = [];
    // Table rebuilds in SQLite migrations need foreign keys off, which only works outside a
    // transaction; the check after each migration keeps integrity honest.
    db.pragma("foreign_keys = OFF");
    db.exec("BEGIN IMMEDIATE");
    try {
      const rows = db.prepare(`SELECT name, checksum FROM "${LEDGER}"`).all() as { name: string; checksum: string }[];
      const known = new Map(rows.map((r) => [r.name, r.checksum]));
      checkLedger(known, migrations);
      const record = db.prepare(`INSERT INTO "${LEDGER}" (name, checksum, applied_at) VALUES (?, ?, ?)`);
      for (const m of migrations) {
        if (known.has(m.name)) continue;
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0) throw new Error(`Migration ${m.name} leaves ${broken.length} broken foreign keys`);
        record.run(m.name, m.checksum, new Date().toISOString());
        applied.push(m.name);
      }
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    } finally {
      db.pragma("foreign_keys = ON");
    }
    return { applied, total: migrations.length };
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client(postgresClientConfig(url, { applicationName: "keydesk-migrate", statementTimeoutMs: migrationTimeoutMs() }));
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]).catch((error: { code?: string }) => {
      if (error.code !== "57014") throw error;
      throw new Error("Timed out waiting for another Keydesk process to finish migrating the database (KEYDESK_PG_MIGRATION_TIMEOUT_MS).");
    });
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${LEDGER}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${LEDGER}"`);
    const known = new Map(rows.map((r) => [r.name, r.checksum]));
    checkLedger(known, migrations);
    const applied: string[] = [];
    for (const m of migrations) {
      if (known.has(m.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "${LEDGER}" (name, checksum) VALUES ($1, $2)`, [m.name, m.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(m.name);
    }
    return { applied, total: migrations.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}
