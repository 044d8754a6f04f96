// Fresh, throw-away databases for tests: a temporary SQLite file, or a new PostgreSQL database
// created on the test server and dropped afterwards. Refuses to touch anything that is not a
// local server, so a stray DATABASE_URL can never point tests at real data.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../db/migrate";

export type TestDatabase = { url: string; dataDir: string; drop: () => Promise<void> };

export const DEFAULT_TEST_PG_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export function testPgAdminUrl(): string {
  return process.env.KEYDESK_TEST_PG_URL ?? DEFAULT_TEST_PG_URL;
}

function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]", ""].includes(host)) {
    throw new Error(`Refusing to create test databases on non-local server ${host}`);
  }
}

const NAME_PREFIX = "keydesk_t_";

/** Drops test databases left behind by processes that no longer exist on this machine. */
async function sweepOrphans(admin: pg.Client) {
  const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${NAME_PREFIX}%`]);
  for (const { datname } of rows) {
    const pid = Number(datname.slice(NAME_PREFIX.length).split("_")[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {}
    if (!alive) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
  }
}

export async function createTestDatabase(
  kind: "sqlite" | "postgres",
  label = "db",
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "keydesk-test-"));
  if (kind === "sqlite") {
    const url = `file:${path.join(dataDir, "keydesk.db")}`;
    if (migrate) await migrateDatabase(url);
    return { url, dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = testPgAdminUrl();
  assertLocal(adminUrl);
  const name = `${NAME_PREFIX}${process.pid}_${label.replace(/\W/g, "").slice(0, 12)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await sweepOrphans(admin);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (migrate) await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
