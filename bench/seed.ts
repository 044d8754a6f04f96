// Seeds fresh databases for the benchmark: 10,000 users (Member role, API access on) with 10
// keys each, plus one caller key carrying keys:verify. The rows are made once in memory and
// written straight into SQLite (better-sqlite3, one transaction) and, for the PostgreSQL rows,
// into PostgreSQL (batched INSERT … SELECT FROM unnest) - the same users, keys and tokens in
// both, so every engine answers the same requests. The product's own code would take minutes
// for 100,000 keys; formats match what Prisma writes. The tokens exist only in memory.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { migrateDatabase } from "../lib/db/migrate";
import { generateToken, hashSecret, secretHint } from "../lib/keys/token";

type UserRow = { id: string; email: string; name: string; searchText: string; passwordHash: string };
type KeyRow = { id: string; clientId: string; userId: string; name: string; secretHash: string; secretHint: string; apiSets: string };

export type BenchData = { users: UserRow[]; keys: KeyRow[]; tokens: string[]; callerToken: string; created: Date; expires: Date };

export function makeBenchData(pepper: string, users = 10_000, keysPerUser = 10): BenchData {
  const created = new Date();
  const expires = new Date(created.getTime() + 300 * 86_400_000);
  const data: BenchData = { users: [], keys: [], tokens: [], callerToken: "", created, expires };
  for (let u = 0; u < users; u++) {
    const id = `bench_u_${u}`;
    const email = `user${u}@bench.keydesk.test`;
    data.users.push({
      id,
      email,
      name: `Bench User ${u}`,
      searchText: `bench user ${u} ${email}`,
      passwordHash: `!${randomBytes(8).toString("hex")}`,
    });
    for (let k = 0; k < keysPerUser; k++) {
      const t = generateToken();
      data.keys.push({
        id: `bench_k_${u}_${k}`,
        clientId: t.clientId,
        userId: id,
        name: `key ${k}`,
        secretHash: hashSecret(t.secret, pepper),
        secretHint: secretHint(t.token),
        apiSets: "profile:read keys:read",
      });
      data.tokens.push(t.token);
    }
  }
  const t = generateToken();
  data.keys.push({
    id: "bench_caller",
    clientId: t.clientId,
    userId: "bench_u_0",
    name: "verifier",
    secretHash: hashSecret(t.secret, pepper),
    secretHint: secretHint(t.token),
    apiSets: "keys:verify",
  });
  data.callerToken = t.token;
  return data;
}

const sqliteIso = (d: Date) => d.toISOString().replace("Z", "+00:00");

export async function writeBenchSqlite(file: string, data: BenchData): Promise<void> {
  await migrateDatabase(`file:${file}`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const created = sqliteIso(data.created);
  const expires = sqliteIso(data.expires);
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","email","name","searchText","passwordHash","disabled","apiAccess","keysVersion","createdAt","updatedAt")
     VALUES (?,?,?,?,?,0,1,0,?,?)`,
  );
  const insertRole = db.prepare(`INSERT INTO "UserRole" ("userId","roleId","assignedAt") VALUES (?, 'role_member', ?)`);
  const insertKey = db.prepare(
    `INSERT INTO "ApiKey" ("id","clientId","userId","name","description","secretHash","secretHint","apiSets","createdAt","expiresAt")
     VALUES (?,?,?,?,'',?,?,?,?,?)`,
  );
  db.transaction(() => {
    for (const u of data.users) {
      insertUser.run(u.id, u.email, u.name, u.searchText, u.passwordHash, created, created);
      insertRole.run(u.id, created);
    }
    for (const k of data.keys) insertKey.run(k.id, k.clientId, k.userId, k.name, k.secretHash, k.secretHint, k.apiSets, created, expires);
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

/** Into a freshly created, empty PostgreSQL database (migrated here). */
export async function writeBenchPostgres(url: string, data: BenchData): Promise<void> {
  await migrateDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const created = data.created.toISOString();
  const expires = data.expires.toISOString();
  const BATCH = 10_000;
  try {
    await client.query("BEGIN");
    for (let i = 0; i < data.users.length; i += BATCH) {
      const users = data.users.slice(i, i + BATCH);
      await client.query(
        `INSERT INTO "User" ("id","email","name","searchText","passwordHash","disabled","apiAccess","keysVersion","createdAt","updatedAt")
         SELECT id, email, name, st, ph, false, true, 0, $6::timestamp(3), $6::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, email, name, st, ph)`,
        [
          users.map((u) => u.id),
          users.map((u) => u.email),
          users.map((u) => u.name),
          users.map((u) => u.searchText),
          users.map((u) => u.passwordHash),
          created,
        ],
      );
      await client.query(
        `INSERT INTO "UserRole" ("userId","roleId","assignedAt") SELECT id, 'role_member', $2::timestamp(3) FROM unnest($1::text[]) AS t(id)`,
        [users.map((u) => u.id), created],
      );
    }
    for (let i = 0; i < data.keys.length; i += BATCH) {
      const keys = data.keys.slice(i, i + BATCH);
      await client.query(
        `INSERT INTO "ApiKey" ("id","clientId","userId","name","description","secretHash","secretHint","apiSets","createdAt","expiresAt")
         SELECT id, cid, uid, name, '', sh, hint, sets, $8::timestamp(3), $9::timestamp(3)
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(id, cid, uid, name, sh, hint, sets)`,
        [
          keys.map((k) => k.id),
          keys.map((k) => k.clientId),
          keys.map((k) => k.userId),
          keys.map((k) => k.name),
          keys.map((k) => k.secretHash),
          keys.map((k) => k.secretHint),
          keys.map((k) => k.apiSets),
          created,
          expires,
        ],
      );
    }
    await client.query("COMMIT");
    await client.query("ANALYZE");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
