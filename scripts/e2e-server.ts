// A Keydesk test server for the browser tests: a fresh database for this run (SQLite file or a
// throw-away PostgreSQL database), migrated and with a known first administrator, then the
// production build served by the console's server (scripts/console-server.ts). SIGTERM stops the server and drops the database.
//   tsx --conditions=react-server scripts/e2e-server.ts <sqlite|postgres> <port>
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { E2E_ADMIN, type E2eDb, e2eDatabaseUrl, e2eDataDir } from "../e2e/e2e-env";
import { testPgAdminUrl } from "../lib/testing/test-database";
import { childEnv, consoleServerCommand } from "./console-build";

const db = process.argv[2] as E2eDb;
const port = process.argv[3];
if (!["sqlite", "postgres"].includes(db) || !port) {
  console.error("usage: e2e-server.ts <sqlite|postgres> <port>");
  process.exit(2);
}
if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
  console.error("No production build: run `npx next build` first (npm test does).");
  process.exit(1);
}

const url = e2eDatabaseUrl(db);
const dataDir = e2eDataDir(db);
Object.assign(process.env, {
  DATABASE_URL: url,
  KEYDESK_DATA_DIR: dataDir,
  KEYDESK_ADMIN_EMAIL: E2E_ADMIN.email,
  KEYDESK_ADMIN_PASSWORD: E2E_ADMIN.password,
  PORT: port,
  // Tests read usage the console counted without stopping the console (shared by every test).
  KEYDESK_API_USAGE_FLUSH_MS: process.env.KEYDESK_API_USAGE_FLUSH_MS ?? "1000",
  // Webhook journeys deliver to receivers the tests run on localhost.
  KEYDESK_ALLOW_HTTP_WEBHOOKS: "1",
});

async function pgAdmin(sql: string) {
  const client = new pg.Client({ connectionString: testPgAdminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const dbName = db === "postgres" ? new URL(url).pathname.slice(1) : "";

async function main() {
  mkdirSync(dataDir, { recursive: true });
  if (db === "postgres") await pgAdmin(`CREATE DATABASE "${dbName}"`);
  const { prepareDatabase, createFirstAdmin } = await import("./prepare");
  await prepareDatabase();
  await createFirstAdmin();

  const [command, args] = consoleServerCommand();
  const server = spawn(command, args, { stdio: "inherit", env: { ...childEnv(), PORT: port } });
  // The webhook worker, as `npm start` runs it beside the console.
  const worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("scripts", "worker.ts")], {
    stdio: "inherit",
    env: childEnv(),
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.kill("SIGTERM");
    worker.kill("SIGTERM");
    await Promise.all(
      [server, worker].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)))),
    );
    if (db === "postgres") await pgAdmin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    try {
      rmdirSync(path.dirname(dataDir)); // the run's folder, once the last engine's server is gone
    } catch {}
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  server.on("exit", (code) => {
    if (!stopping) {
      console.error(`the console server exited with ${code}`);
      process.exit(1);
    }
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
