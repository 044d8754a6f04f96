// Transactions of several processes on one database. A transaction may read before its first
// write (revoking a key looks the key up, then locks its owner): it must still commit when
// another process - the dedicated API process, the console, a usage flush - commits a write in
// between. (SQLite: a transaction that begins by reading would otherwise fail with
// SQLITE_BUSY_SNAPSHOT at its first write.)
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { createTestUser } from "../testing/fixtures";
import { db, dbProvider, transaction } from "./client";
import { sqliteFile } from "./database-url";

/** Another process, connected and waiting: on "go" it renames `userId` and exits 0 once committed. */
function otherProcessWriter(userId: string, name: string) {
  const url = process.env.DATABASE_URL!;
  const script =
    dbProvider === "sqlite"
      ? `const Database = require("better-sqlite3");
         const db = new Database(${JSON.stringify(sqliteFile(url))}, { timeout: 10000 });
         console.log("ready");
         process.stdin.once("data", () => {
           db.prepare('UPDATE "User" SET "name" = ? WHERE "id" = ?').run(${JSON.stringify(name)}, ${JSON.stringify(userId)});
           console.log("committed"); process.exit(0);
         });`
      : `const pg = require("pg");
         const c = new pg.Client({ connectionString: ${JSON.stringify(url)} });
         c.connect().then(() => {
           console.log("ready");
           process.stdin.once("data", async () => {
             await c.query('UPDATE "User" SET "name" = $1 WHERE "id" = $2', [${JSON.stringify(name)}, ${JSON.stringify(userId)}]);
             console.log("committed"); await c.end(); process.exit(0);
           });
         });`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let output = "";
  const ready = new Promise<void>((resolve) =>
    child.stdout?.on("data", (d) => {
      output += d;
      if (output.includes("ready")) resolve();
    }),
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { ready, exited, go: () => child.stdin!.write("go\n"), output: () => output };
}

describe("transactions across processes", () => {
  it("a transaction that reads first commits although another process wrote meanwhile", async () => {
    const mine = await createTestUser();
    const theirs = await createTestUser();
    const writer = otherProcessWriter(theirs.id, "Renamed elsewhere");
    await writer.ready;

    await transaction(async (tx) => {
      await tx.user.findUniqueOrThrow({ where: { id: mine.id } });
      writer.go();
      // Long enough for the other process to commit (or to start waiting for our lock).
      await new Promise((r) => setTimeout(r, 300));
      await tx.user.update({ where: { id: mine.id }, data: { name: "Renamed here" } });
    });

    expect(await writer.exited).toBe(0);
    expect(writer.output()).toContain("committed");
    const names = await db.user.findMany({ where: { id: { in: [mine.id, theirs.id] } }, select: { id: true, name: true } });
    expect(Object.fromEntries(names.map((u) => [u.id, u.name]))).toEqual({ [mine.id]: "Renamed here", [theirs.id]: "Renamed elsewhere" });
  });
});
