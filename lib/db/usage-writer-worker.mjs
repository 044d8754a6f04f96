// Writes the API's usage batches to SQLite on a thread of its own (plain JavaScript: it runs
// without any loader, in the console and in the dedicated API process alike). SQLite calls are
// synchronous; on the main thread a batch touching thousands of key rows - and the WAL
// checkpoint it triggers - would stall every request for tens of milliseconds.
// Messages in: { id, batch: { counts: [{ keyId, day, outcome, count }], lastUsed: [{ keyId, at: Date, ip }],
//   refusals?: [{ keyId, at: Date, ip, code, endpoint }] } }
// Messages out: { id, error?: string }
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file, { fileMustExist: true, timeout: 5_000 });
// Usage counters may lose their last transactions to a power cut, never the database's
// integrity (WAL); not syncing every commit keeps each one short.
db.pragma("synchronous = NORMAL");

const addCount = db.prepare(`
  INSERT INTO "ApiKeyUsage" ("keyId", "day", "outcome", "count")
  SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "id" = ?)
  ON CONFLICT ("keyId", "day", "outcome") DO UPDATE SET "count" = "count" + excluded."count"`);
const setLastUse = db.prepare(`
  UPDATE "ApiKey" SET "lastUsedAt" = ?, "lastUsedIp" = ?
  WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`);

const addRefusal = db.prepare(`
  INSERT INTO "ApiKeyRefusal" ("keyId", "at", "ip", "code", "endpoint")
  SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM "ApiKey" WHERE "id" = ?)`);
// Only the newest 100 refused requests of a key are kept (its page lists them).
const pruneRefusals = db.prepare(`
  DELETE FROM "ApiKeyRefusal" WHERE "keyId" = ? AND "id" NOT IN (
    SELECT "id" FROM "ApiKeyRefusal" WHERE "keyId" = ? ORDER BY "at" DESC, "id" DESC LIMIT 100)`);

// DateTime on SQLite is ISO text, in the form Prisma writes it.
const sqliteDate = (d) => d.toISOString().replace("Z", "+00:00");

const write = db.transaction((batch) => {
  for (const c of batch.counts) addCount.run(c.keyId, c.day, c.outcome, c.count, c.keyId);
  for (const u of batch.lastUsed) {
    const at = sqliteDate(u.at);
    setLastUse.run(at, u.ip, u.keyId, at);
  }
  const refused = new Set();
  for (const r of batch.refusals ?? []) {
    addRefusal.run(r.keyId, sqliteDate(r.at), r.ip, r.code, r.endpoint, r.keyId);
    refused.add(r.keyId);
  }
  for (const keyId of refused) pruneRefusals.run(keyId, keyId);
}).immediate;

parentPort.on("message", ({ id, batch, close }) => {
  if (close) {
    db.close();
    parentPort.postMessage({ id });
    return;
  }
  try {
    write(batch);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
