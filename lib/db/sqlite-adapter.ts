// Prisma's better-sqlite3 adapter, with transactions that take SQLite's write lock when they
// begin (BEGIN IMMEDIATE) instead of at their first write.
//
// Why: several Keydesk processes may share one SQLite file (the console and the dedicated API
// process). A transaction begun with a plain BEGIN that reads before it writes (revoking a key
// looks it up, then locks its owner) reads from a snapshot; if another process commits a write
// in between, SQLite refuses the first write at once with SQLITE_BUSY_SNAPSHOT ("database is
// locked"), without waiting. Taken at BEGIN, the lock is waited for (the busy timeout) and the
// transaction's reads see the latest commit. Within one process the adapter already runs one
// transaction at a time. Tested by lib/db/transaction.int.test.ts.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";

export class PrismaBetterSQLite3Immediate extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: Database.Database }).client;
    const prepare = client.prepare.bind(client);
    client.prepare = ((source: string) => prepare(source === "BEGIN" ? "BEGIN IMMEDIATE" : source)) as typeof client.prepare;
    return adapter;
  }
}
