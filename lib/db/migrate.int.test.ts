// The migration runner: idempotent, records what it applied, refuses edited migrations.

import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { providerOf, sqliteFile } from "./database-url";
import { migrateDatabase, readMigrations } from "./migrate";

const url = process.env.DATABASE_URL!;
const provider = providerOf(url);

async function tamperLedger(name: string) {
  if (provider === "sqlite") {
    const db = new Database(sqliteFile(url));
    db.prepare(`UPDATE "_keydesk_migrations" SET checksum = 'edited' WHERE name = ?`).run(name);
    db.close();
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`UPDATE "_keydesk_migrations" SET checksum = 'edited' WHERE name = $1`, [name]);
    await client.end();
  }
}

describe("migrateDatabase", () => {
  it("applies nothing the second time", async () => {
    const migrations = readMigrations(provider);
    expect(migrations.length).toBeGreaterThan(0);
    expect(await migrateDatabase(url)).toEqual({ applied: [], total: migrations.length });
  });

  it("refuses to run when an applied migration's file has changed", async () => {
    const first = readMigrations(provider)[0].name;
    await tamperLedger(first);
    await expect(migrateDatabase(url)).rejects.toThrow(`Migration ${first} was edited after it was applied`);
  });

  it("keeps one migration per provider for every change", () => {
    expect(readMigrations("sqlite").map((m) => m.name)).toEqual(readMigrations("postgresql").map((m) => m.name));
  });
});
