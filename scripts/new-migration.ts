// npm run db:new-migration -- <name>
// Writes one migration per provider from the change between the schema snapshot stored with the
// latest migration and prisma/schema.prisma. Each migration keeps a snapshot of the schema it
// produced, so the next diff does not depend on git state.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrationsDir, type Provider } from "../lib/db/database-url";
import { readMigrations } from "../lib/db/migrate";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(1);
}

execFileSync(process.execPath, ["scripts/derive-postgres-schema.mjs"], { stdio: "inherit" });

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const tmp = mkdtempSync(path.join(os.tmpdir(), "keydesk-diff-"));
const targets: { provider: Provider; schema: string; url: string }[] = [
  { provider: "sqlite", schema: "prisma/schema.prisma", url: `file:${path.join(tmp, "diff.db")}` },
  {
    provider: "postgresql",
    schema: "prisma/postgres/schema.prisma",
    url: process.env.KEYDESK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
  },
];

for (const t of targets) {
  const dir = migrationsDir(t.provider);
  const previous = readMigrations(t.provider).at(-1);
  const snapshot = previous ? path.join(dir, previous.name, "schema.prisma") : undefined;
  if (snapshot && !existsSync(snapshot)) throw new Error(`${snapshot} is missing`);
  const from = snapshot ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync("node_modules/.bin/prisma", ["migrate", "diff", ...from, "--to-schema-datamodel", t.schema, "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: t.url },
    stdio: ["ignore", "pipe", "inherit"],
  }).replace(/^Loaded Prisma config.*\n+/m, "");
  if (!/\b(CREATE|ALTER|DROP|INSERT|UPDATE)\b/i.test(sql)) {
    console.log(`${t.provider}: schema unchanged, nothing written.`);
    continue;
  }
  const out = path.join(dir, `${stamp}_${name}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "migration.sql"), sql);
  copyFileSync(t.schema, path.join(out, "schema.prisma"));
  console.log(`${t.provider}: wrote ${path.relative(process.cwd(), out)}/migration.sql`);
}
