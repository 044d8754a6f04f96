// The scale data the benchmarks measure on (npm run db:seed -- --scale: 100,000 users, 300,000
// keys), seeded once per engine into a kept database and reused by later runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

const root = process.cwd();
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const pgAdminUrl = process.env.KEYDESK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PG_DB = "keydesk_bench_admin";
const sqliteDir = path.join(os.tmpdir(), "keydesk-bench-admin");

export type Engine = { name: "sqlite" | "postgres"; url: string; dataDir: string };

export function run(cmd: string, args: string[], env: Record<string, string>, capture = false): string {
  const result = spawnSync(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (${result.status})`);
  return result.stdout ?? "";
}

export async function prepareScaleData(name: "sqlite" | "postgres", options: { reseed?: boolean } = {}): Promise<Engine> {
  if (name === "sqlite") {
    if (options.reseed) rmSync(sqliteDir, { recursive: true, force: true });
    mkdirSync(sqliteDir, { recursive: true });
    const file = path.join(sqliteDir, "keydesk.db");
    const engine: Engine = { name, url: `file:${file}`, dataDir: sqliteDir };
    let seeded = false;
    if (existsSync(file)) {
      const db = new Database(file, { readonly: true });
      try {
        seeded = db.prepare(`SELECT 1 FROM "Role" WHERE "id" = 'role_scale_support'`).get() !== undefined;
      } catch {}
      db.close();
    }
    if (!seeded)
      run(tsx, ["--conditions=react-server", "scripts/seed.ts", "--scale"], { DATABASE_URL: engine.url, KEYDESK_DATA_DIR: sqliteDir });
    return engine;
  }
  const admin = new URL(pgAdminUrl);
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(admin.hostname))
    throw new Error(`Refusing to bench on non-local PostgreSQL ${admin.hostname}`);
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  if (options.reseed) await client.query(`DROP DATABASE IF EXISTS "${PG_DB}" WITH (FORCE)`);
  const exists = (await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [PG_DB])).rowCount! > 0;
  if (!exists) await client.query(`CREATE DATABASE "${PG_DB}"`);
  await client.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${PG_DB}`;
  const engine: Engine = { name, url: url.toString(), dataDir: path.join(os.tmpdir(), "keydesk-bench-admin-pg") };
  mkdirSync(engine.dataDir, { recursive: true });
  const check = new pg.Client({ connectionString: engine.url });
  await check.connect();
  const seeded = await check.query(`SELECT 1 FROM "Role" WHERE "id" = 'role_scale_support'`).then(
    (r) => r.rowCount! > 0,
    () => false,
  );
  await check.end();
  if (!seeded)
    run(tsx, ["--conditions=react-server", "scripts/seed.ts", "--scale"], { DATABASE_URL: engine.url, KEYDESK_DATA_DIR: engine.dataDir });
  return engine;
}
