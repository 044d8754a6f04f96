// Seeds a fresh SQLite database for the benchmark: 10,000 users (Member role, API access on)
// with 10 keys each, plus one caller key carrying keys:verify. Rows are written straight with
// better-sqlite3 in one transaction (the product's own code would take minutes for 100,000
// keys); formats match what Prisma writes. Returns the tokens, which exist only in memory.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { migrateDatabase } from "../lib/db/migrate";
import { generateToken, hashSecret, secretHint } from "../lib/keys/token";

export type Seeded = { tokens: string[]; callerToken: string };

const iso = (d: Date) => d.toISOString().replace("Z", "+00:00");

export async function seedBenchDatabase(file: string, pepper: string, users = 10_000, keysPerUser = 10): Promise<Seeded> {
  await migrateDatabase(`file:${file}`);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const now = new Date();
  const created = iso(now);
  const expires = iso(new Date(now.getTime() + 300 * 86_400_000));
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","email","name","searchText","passwordHash","disabled","apiAccess","keysVersion","sessionsValidAfter","createdAt","updatedAt")
     VALUES (?,?,?,?,?,0,1,0,?,?,?)`,
  );
  const insertRole = db.prepare(`INSERT INTO "UserRole" ("userId","roleId","assignedAt") VALUES (?, 'role_member', ?)`);
  const insertKey = db.prepare(
    `INSERT INTO "ApiKey" ("id","clientId","userId","name","description","secretHash","secretHint","apiSets","createdAt","expiresAt")
     VALUES (?,?,?,?,'',?,?,?,?,?)`,
  );
  const tokens: string[] = [];
  let callerToken = "";
  db.transaction(() => {
    for (let u = 0; u < users; u++) {
      const id = `bench_u_${u}`;
      const email = `user${u}@bench.keydesk.test`;
      insertUser.run(id, email, `Bench User ${u}`, `bench user ${u} ${email}`, "!" + randomBytes(8).toString("hex"), created, created, created);
      insertRole.run(id, created);
      for (let k = 0; k < keysPerUser; k++) {
        const t = generateToken();
        insertKey.run(`bench_k_${u}_${k}`, t.clientId, id, `key ${k}`, hashSecret(t.secret, pepper), secretHint(t.token), "profile:read keys:read", created, expires);
        tokens.push(t.token);
      }
    }
    const t = generateToken();
    insertKey.run("bench_caller", t.clientId, "bench_u_0", "verifier", hashSecret(t.secret, pepper), secretHint(t.token), "keys:verify", created, expires);
    callerToken = t.token;
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { tokens, callerToken };
}
