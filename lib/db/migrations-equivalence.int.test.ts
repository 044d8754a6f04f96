// A database brought up to date one migration at a time must have exactly the structure of one
// created straight from the current schema: otherwise a migration was hand-edited, forgotten
// or mis-generated, and production databases would drift from what the code expects.
import { execFileSync } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { providerOf, sqliteFile } from "./database-url";
import { HAND_WRITTEN_OBJECTS } from "./hand-written";
import { migrateDatabase, readMigrations } from "./migrate";

const kind = providerOf(process.env.DATABASE_URL!) === "postgresql" ? "postgres" : "sqlite";
const created: TestDatabase[] = [];
afterAll(async () => {
  for (const d of created) await d.drop();
});

async function emptyDatabase(label: string) {
  const d = await createTestDatabase(kind, label, { migrate: false });
  created.push(d);
  return d.url;
}

function schemaSql(): string {
  const schema = kind === "postgres" ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma";
  // The CLI needs a reachable database of the right kind even for a schema-only diff.
  const cliUrl =
    kind === "postgres" ? process.env.DATABASE_URL! : `file:${path.join(path.dirname(sqliteFile(process.env.DATABASE_URL!)), "cli.db")}`;
  return execFileSync("node_modules/.bin/prisma", ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: cliUrl },
    stdio: ["ignore", "pipe", "pipe"],
  }).replace(/^Loaded Prisma config.*$/m, "");
}

async function execute(url: string, sql: string) {
  if (kind === "sqlite") {
    const db = new Database(sqliteFile(url));
    db.exec(sql);
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql);
  await client.end();
}

type Structure = Record<string, unknown>;

async function structure(url: string): Promise<Structure> {
  if (kind === "sqlite") {
    const db = new Database(sqliteFile(url), { readonly: true });
    const tables = (
      db
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_keydesk_migrations' ORDER BY name`,
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    const out: Structure = {};
    for (const t of tables) {
      // `seq` (creation order) is left out: a later migration adding an index necessarily creates it last.
      const indexes = (
        db.prepare(`PRAGMA index_list("${t}")`).all() as { name: string; unique: number; origin: string; partial: number; seq?: number }[]
      )
        .map(({ seq: _seq, ...i }) => ({
          ...i,
          columns: (db.prepare(`PRAGMA index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      out[t] = {
        columns: db.prepare(`PRAGMA table_info("${t}")`).all(),
        indexes,
        foreignKeys: db.prepare(`PRAGMA foreign_key_list("${t}")`).all(),
      };
    }
    db.close();
    return out;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = async (sql: string) => (await client.query(sql)).rows;
  const result = {
    columns: await q(`SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length, numeric_precision
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_keydesk_migrations' ORDER BY table_name, column_name`),
    indexes: await q(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_keydesk_migrations' ORDER BY tablename, indexname`,
    ),
    constraints: await q(`SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_keydesk_migrations', '"_keydesk_migrations"') ORDER BY 1, 2`),
    sequences: await q(`SELECT sequence_name, data_type FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`),
    extensions: await q(`SELECT extname FROM pg_extension ORDER BY 1`),
  };
  await client.end();
  return result;
}

/** Checks that the hand-written objects (lib/db/hand-written.ts) exist, then leaves them out. */
function withoutHandWritten(found: Structure): Structure {
  if (kind === "sqlite") {
    const names = HAND_WRITTEN_OBJECTS.sqlite.indexes as readonly string[];
    const all = Object.values(found).flatMap((t) => (t as { indexes: { name: string }[] }).indexes.map((i) => i.name));
    expect(all).toEqual(expect.arrayContaining([...names]));
    return Object.fromEntries(
      Object.entries(found).map(([table, t]) => {
        const info = t as { indexes: { name: string }[] };
        return [table, { ...info, indexes: info.indexes.filter((i) => !names.includes(i.name)) }];
      }),
    );
  }
  const { extensions, indexes } = HAND_WRITTEN_OBJECTS.postgresql;
  const ext = found.extensions as { extname: string }[];
  const idx = found.indexes as { indexname: string }[];
  expect(ext.map((e) => e.extname)).toEqual(expect.arrayContaining([...extensions]));
  expect(idx.map((i) => i.indexname)).toEqual(expect.arrayContaining([...indexes]));
  return {
    ...found,
    extensions: ext.filter((e) => !(extensions as readonly string[]).includes(e.extname)),
    indexes: idx.filter((i) => !(indexes as readonly string[]).includes(i.indexname)),
  };
}

describe(`migrations on ${kind}`, () => {
  it("applied one by one equal a database created from the current schema", async () => {
    const stepwise = await emptyDatabase("steps");
    const names = readMigrations(kind === "postgres" ? "postgresql" : "sqlite").map((m) => m.name);
    for (const name of names) {
      const { applied } = await migrateDatabase(stepwise, { upTo: name });
      expect(applied).toEqual([name]);
    }
    const fromSchema = await emptyDatabase("schema");
    await execute(fromSchema, schemaSql());
    expect(withoutHandWritten(await structure(stepwise))).toEqual(await structure(fromSchema));
  });
});
