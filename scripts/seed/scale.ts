// npm run db:seed -- --scale [--users=N] (default 100,000 users; 60% with API access and five
// keys each, so 300,000 keys). Refuses to run twice on one database.
//
// The scale seed: realistic volume for the administration lists, written fast with the drivers
// directly (prepared statements on SQLite; multi-row INSERT … SELECT unnest(…) on PostgreSQL),
// bypassing Prisma's per-query overhead, in ONE transaction: the secondary indexes of the loaded
// tables are dropped at its start and rebuilt once at its end, so a failed run leaves the
// database as it was. Values are written in the exact forms Prisma writes (ISO text dates on
// SQLite), so the app reads them like its own.
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { ADMIN_ROLE_ID, MEMBER_ROLE_ID } from "../../lib/auth/authorities";
import { databaseUrl, providerOf, sqliteFile } from "../../lib/db/database-url";
import { hashPassword } from "../../lib/users/passwords";

export const SCALE_ROLE = { id: "role_scale_support", name: "Support", authorities: "keys:manage keys:use" };
export const SCALE_EMAIL_DOMAINS = ["example.com", "example.org", "acme.test", "globex.test", "initech.test"];
const DAY = 86_400_000;
const BATCH = 5_000;

const FIRST = (
  "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan Joseph Jessica Thomas Sarah " +
  "Charles Karen Christopher Nancy Daniel Lisa Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul Emily Andrew Donna " +
  "Joshua Michelle Kenneth Dorothy Kevin Carol Brian Amanda George Melissa Edward Deborah Ronald Stephanie Timothy Rebecca Jason Sharon Jeffrey " +
  "Laura Ryan Cynthia Jacob Kathleen Gary Amy Nicholas Shirley Eric Angela Jonathan Helen Stephen Anna Larry Brenda Justin Pamela Scott Nicole " +
  "Brandon Emma Benjamin Samantha Samuel Katherine Gregory Christine Frank Debra Alexander Rachel Raymond Catherine Patrick Carolyn Jack Janet " +
  "Dennis Ruth Jerry Maria Tyler Heather Aaron Diane Jose Virginia Adam Julie Henry Joyce Nathan Victoria Douglas Olivia Zachary Kelly Peter " +
  "Christina Kyle Lauren Walter Joan Ethan Evelyn Jeremy Judith Harold Megan Keith Cheryl Christian Andrea Roger Hannah Noah Martha Gerald " +
  "Jacqueline Carl Frances Terry Gloria Sean Ann Austin Teresa Arthur Kathryn Lawrence Sara Jesse Janice Dylan Jean Bryan Alice Joe Madison " +
  "Jordan Doris Billy Abigail Bruce Julia Albert Judy Willie Grace Gabriel Denise Logan Amber Alan Marilyn Juan Beverly Wayne Danielle Roy " +
  "Theresa Ralph Sophia Randy Marie Eugene Diana Vincent Brittany Russell Natalie Elijah Isabella Louis Charlotte Bobby Rose Philip Alexis " +
  "Johnny Kayla Zoë Søren Chloé José Renée Björn Ångström Łukasz"
).split(" ");
const LAST = (
  "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas " +
  "Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott " +
  "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker " +
  "Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard " +
  "Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel " +
  "Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez " +
  "Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis " +
  "Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry " +
  "Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Muñoz Hunt Hicks " +
  "Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens " +
  "Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Hansen Peters Santos Hart Bradley Knight Elliott " +
  "Müller Østergaard O'Brien D'Angelo"
).split(" ");

/** Fast random text for ids and client ids: bytes from one pooled buffer (crypto quality is not
 * needed for seed data, uniqueness is: 20 base62 characters carry ~119 bits). */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
let pool = randomBytes(1 << 16);
let poolAt = pool.length;
function randomText(length: number, alphabet = ALPHABET): string {
  if (poolAt + length > pool.length) {
    pool = randomBytes(1 << 16);
    poolAt = 0;
  }
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[pool[poolAt++] % alphabet.length];
  return out;
}
const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** Small deterministic generator: the same --users gives the same people on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

type UserRow = {
  id: string;
  email: string;
  name: string;
  searchText: string;
  passwordHash: string;
  disabled: boolean;
  apiAccess: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
  lastSignInIp: string | null;
};
type KeyRow = {
  id: string;
  clientId: string;
  userId: string;
  name: string;
  description: string;
  secretHash: string;
  secretHint: string;
  apiSets: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};
type RoleRow = { userId: string; roleId: string; assignedAt: Date };
type AuditRow = {
  at: Date;
  actorId: string | null;
  action: string;
  targetUserId: string;
  clientId: string | null;
  ip: string | null;
  details: string;
};
type Batch = { users: UserRow[]; keys: KeyRow[]; roles: RoleRow[]; audit: AuditRow[] };

const API_SET_CHOICES = [
  "profile:read",
  "profile:read keys:read",
  "keys:read keys:write",
  "keys:verify",
  "profile:read webhooks:read webhooks:write",
];

/** Generates users [from, to) and everything that belongs to them. */
function generate(from: number, to: number, total: number, now: Date, passwordHash: string): Batch {
  const out: Batch = { users: [], keys: [], roles: [], audit: [] };
  const span = 3 * 365 * DAY;
  for (let i = from; i < to; i++) {
    const rand = prng(i * 2654435761 + 1);
    const first = FIRST[Math.floor(rand() * FIRST.length)];
    const last = LAST[Math.floor(rand() * LAST.length)];
    const name = `${first} ${last}`;
    const local = `${first}.${last}`
      .normalize("NFKD")
      .replace(/[^A-Za-z.]/g, "")
      .toLowerCase();
    const email = `${local}.${i}@${SCALE_EMAIL_DOMAINS[i % SCALE_EMAIL_DOMAINS.length]}`;
    // Users join over three years, oldest first, evenly apart.
    const createdAt = new Date(now.getTime() - span + Math.floor((i / total) * (span - DAY)));
    const id = `cs${i.toString(36).padStart(8, "0")}${randomText(15, LOWER)}`;
    const apiAccess = i % 5 < 3;
    const disabled = i % 100 === 42;
    const signedIn = rand() < 0.7;
    const lastSignInAt = signedIn ? new Date(now.getTime() - Math.floor(rand() * 90 * DAY)) : null;
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    out.users.push({
      id,
      email,
      name,
      searchText: `${name} ${email}`.toLowerCase(),
      passwordHash,
      disabled,
      apiAccess,
      createdAt,
      lastSignInAt,
      lastSignInIp: signedIn ? ip : null,
    });
    const joined = out.users[out.users.length - 1].createdAt;
    out.roles.push({ userId: id, roleId: MEMBER_ROLE_ID, assignedAt: joined });
    if (i % 67 === 3) out.roles.push({ userId: id, roleId: SCALE_ROLE.id, assignedAt: joined });
    if (i % 2003 === 7) out.roles.push({ userId: id, roleId: ADMIN_ROLE_ID, assignedAt: joined });
    out.audit.push({
      at: joined,
      actorId: null,
      action: "user.created",
      targetUserId: id,
      clientId: null,
      ip: null,
      details: JSON.stringify({ email, roles: ["Member"] }),
    });
    if (lastSignInAt)
      out.audit.push({ at: lastSignInAt, actorId: id, action: "user.signed_in", targetUserId: id, clientId: null, ip, details: "{}" });
    if (!apiAccess) continue;

    // Five keys: two from long ago (one expired, one revoked), one regenerated away (revoked),
    // and two active - one of them sometimes close to expiry.
    const lifetime = (days: number) => days * DAY;
    const plans: { createdDaysAgo: number; lifetimeDays: number; revoked?: number }[] = [
      { createdDaysAgo: 400 + Math.floor(rand() * 300), lifetimeDays: 90 },
      { createdDaysAgo: 200 + Math.floor(rand() * 150), lifetimeDays: 365, revoked: 20 + Math.floor(rand() * 100) },
      { createdDaysAgo: 60 + Math.floor(rand() * 60), lifetimeDays: 365, revoked: 1 + Math.floor(rand() * 50) },
      { createdDaysAgo: 1 + Math.floor(rand() * 300), lifetimeDays: 365 },
      { createdDaysAgo: Math.floor(rand() * 80), lifetimeDays: rand() < 0.2 ? 90 : 30 + Math.floor(rand() * 60) + 20 },
    ];
    plans.forEach((p, k) => {
      const created = new Date(Math.max(joined.getTime(), now.getTime() - lifetime(p.createdDaysAgo) - Math.floor(rand() * DAY)));
      const expires = new Date(created.getTime() + lifetime(p.lifetimeDays));
      const revokedAt = p.revoked !== undefined ? new Date(Math.min(now.getTime() - p.revoked * DAY, expires.getTime() - DAY)) : null;
      const usable = revokedAt ?? (expires < now ? expires : now);
      const used = rand() < 0.65 && usable > created;
      const lastUsedAt = used ? new Date(created.getTime() + Math.floor(rand() * (usable.getTime() - created.getTime()))) : null;
      const clientId = randomText(20);
      out.keys.push({
        id: `ck${i.toString(36).padStart(8, "0")}${k}${randomText(14, LOWER)}`,
        clientId,
        userId: id,
        name: ["Deploy", "CI", "Reporting", "Billing sync", "Local dev"][k],
        description: k % 2 ? "" : "Created by the scale seed",
        secretHash: randomText(64, HEX),
        secretHint: randomText(4),
        apiSets: API_SET_CHOICES[(i + k) % API_SET_CHOICES.length],
        createdAt: created,
        expiresAt: expires,
        revokedAt: revokedAt && revokedAt > created ? revokedAt : null,
        revokedReason: revokedAt && revokedAt > created ? "revoked" : null,
        lastUsedAt,
        lastUsedIp: used ? `198.51.${(i >> 8) & 255}.${i & 255}` : null,
      });
      const key = out.keys[out.keys.length - 1];
      out.audit.push({
        at: created,
        actorId: id,
        action: "key.issued",
        targetUserId: id,
        clientId,
        ip,
        details: JSON.stringify({ name: key.name, apiSets: key.apiSets }),
      });
      if (key.revokedAt)
        out.audit.push({
          at: key.revokedAt,
          actorId: id,
          action: "key.revoked",
          targetUserId: id,
          clientId,
          ip,
          details: JSON.stringify({ name: key.name }),
        });
    });
  }
  return out;
}

/** Prisma's SQLite text form of a DateTime. */
const sqliteDate = (d: Date | null) => (d ? d.toISOString().replace("Z", "+00:00") : null);

export type SeedResult = { users: number; keys: number; audit: number; ms: number };

export async function seedScale(url: string, options: { users: number; now?: Date; log?: (line: string) => void }): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? new Date();
  const started = Date.now();
  // One real bcrypt hash of a random, discarded password: seeded users cannot sign in.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const totals = { users: 0, keys: 0, audit: 0 };
  const writer = providerOf(url) === "postgresql" ? await postgresWriter(url) : sqliteWriter(url);
  try {
    if (await writer.alreadySeeded())
      throw new Error("This database already holds the scale seed (role “Support” exists); use a fresh database.");
    await writer.begin();
    try {
      await writer.createRole(now);
      for (let from = 0; from < options.users; from += BATCH) {
        const batch = generate(from, Math.min(from + BATCH, options.users), options.users, now, passwordHash);
        await writer.write(batch, now);
        totals.users += batch.users.length;
        totals.keys += batch.keys.length;
        totals.audit += batch.audit.length;
        if ((from / BATCH) % 4 === 3 || from + BATCH >= options.users) {
          log(
            `  ${totals.users.toLocaleString("en-US")} users, ${totals.keys.toLocaleString("en-US")} keys, ${totals.audit.toLocaleString("en-US")} audit events (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
      log("  building indexes…");
      await writer.commit();
    } catch (error) {
      await writer.rollback();
      throw error;
    }
    log(`  updating planner statistics… (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await writer.finish();
  } finally {
    await writer.close();
  }
  const ms = Date.now() - started;
  log(`Scale seed done in ${(ms / 1000).toFixed(1)} s.`);
  return { ...totals, ms };
}

type Writer = {
  alreadySeeded(): Promise<boolean>;
  /** One transaction for the whole load; secondary indexes are dropped now and rebuilt in commit(). */
  begin(): Promise<void>;
  createRole(now: Date): Promise<void>;
  write(batch: Batch, now: Date): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Planner statistics, outside the transaction. */
  finish(): Promise<void>;
  close(): Promise<void>;
};

/** The tables the seed fills; their secondary indexes are rebuilt once after loading (far
 * faster than maintaining them row by row), inside the same transaction. */
const LOADED_TABLES = ["User", "UserRole", "ApiKey", "AuditEvent"];

function sqliteWriter(url: string): Writer {
  const db = new Database(sqliteFile(url), { timeout: 15_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  // Random index keys (client ids, emails) need the pages in memory; SQLite's default cache is 2 MB.
  db.pragma("cache_size = -262144");
  const insertUser = db.prepare(
    `INSERT INTO "User" ("id","email","name","searchText","passwordHash","disabled","apiAccess","keysVersion","createdAt","updatedAt","lastSignInAt","lastSignInIp")
     VALUES (?,?,?,?,?,?,?,0,?,?,?,?)`,
  );
  const insertRole = db.prepare(`INSERT INTO "UserRole" ("userId","roleId","assignedAt") VALUES (?,?,?)`);
  const insertKey = db.prepare(
    `INSERT INTO "ApiKey" ("id","clientId","userId","name","description","secretHash","secretHint","apiSets","createdAt","expiresAt","revokedAt","revokedReason","revokedById","lastUsedAt","lastUsedIp")
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertAudit = db.prepare(
    `INSERT INTO "AuditEvent" ("at","actorId","action","targetUserId","clientId","ip","userAgent","details") VALUES (?,?,?,?,?,?,?,?)`,
  );
  let indexes: { name: string; sql: string }[] = [];
  const writeBatch = (batch: Batch) => {
    for (const u of batch.users) {
      const created = sqliteDate(u.createdAt);
      insertUser.run(
        u.id,
        u.email,
        u.name,
        u.searchText,
        u.passwordHash,
        u.disabled ? 1 : 0,
        u.apiAccess ? 1 : 0,
        created,
        created,
        sqliteDate(u.lastSignInAt),
        u.lastSignInIp,
      );
    }
    for (const r of batch.roles) insertRole.run(r.userId, r.roleId, sqliteDate(r.assignedAt));
    for (const k of batch.keys) {
      insertKey.run(
        k.id,
        k.clientId,
        k.userId,
        k.name,
        k.description,
        k.secretHash,
        k.secretHint,
        k.apiSets,
        sqliteDate(k.createdAt),
        sqliteDate(k.expiresAt),
        sqliteDate(k.revokedAt),
        k.revokedReason,
        k.revokedAt ? k.userId : null,
        sqliteDate(k.lastUsedAt),
        k.lastUsedIp,
      );
    }
    for (const a of batch.audit)
      insertAudit.run(
        sqliteDate(a.at),
        a.actorId,
        a.action,
        a.targetUserId,
        a.clientId,
        a.ip,
        a.ip ? "keydesk-scale-seed" : null,
        a.details,
      );
  };
  return {
    async alreadySeeded() {
      return db.prepare(`SELECT 1 FROM "Role" WHERE "id" = ?`).get(SCALE_ROLE.id) !== undefined;
    },
    async begin() {
      db.exec("BEGIN IMMEDIATE");
      indexes = db
        .prepare(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${LOADED_TABLES.map(() => "?").join(",")})`,
        )
        .all(...LOADED_TABLES) as { name: string; sql: string }[];
      for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
    },
    async commit() {
      for (const i of indexes) db.exec(i.sql);
      db.exec("COMMIT");
    },
    async rollback() {
      if (db.inTransaction) db.exec("ROLLBACK");
    },
    async createRole(now) {
      db.prepare(
        `INSERT INTO "Role" ("id","name","description","builtIn","authorities","createdAt","updatedAt") VALUES (?,?,?,0,?,?,?)`,
      ).run(SCALE_ROLE.id, SCALE_ROLE.name, "Helps users with their keys.", SCALE_ROLE.authorities, sqliteDate(now), sqliteDate(now));
    },
    async write(batch) {
      writeBatch(batch);
    },
    async finish() {
      db.exec("ANALYZE");
    },
    async close() {
      db.close();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const columns = <T>(rows: T[], pick: ((row: T) => unknown)[]) => pick.map((f) => rows.map(f));
  let indexes: { indexname: string; indexdef: string }[] = [];
  return {
    async alreadySeeded() {
      return (await client.query(`SELECT 1 FROM "Role" WHERE "id" = $1`, [SCALE_ROLE.id])).rowCount! > 0;
    },
    async begin() {
      await client.query("BEGIN");
      // Plain and unique indexes (primary keys stay: foreign keys need them).
      indexes = (
        await client.query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)
             AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace)`,
          [LOADED_TABLES],
        )
      ).rows;
      for (const i of indexes) await client.query(`DROP INDEX "${i.indexname}"`);
    },
    async commit() {
      await client.query("SET LOCAL maintenance_work_mem = '256MB'");
      for (const i of indexes) await client.query(i.indexdef);
      await client.query("COMMIT");
    },
    async rollback() {
      await client.query("ROLLBACK").catch(() => {});
    },
    async createRole(now) {
      await client.query(
        `INSERT INTO "Role" ("id","name","description","builtIn","authorities","createdAt","updatedAt") VALUES ($1,$2,$3,false,$4,$5,$5)`,
        [SCALE_ROLE.id, SCALE_ROLE.name, "Helps users with their keys.", SCALE_ROLE.authorities, iso(now)],
      );
    },
    async write(batch) {
      await client.query(
        `INSERT INTO "User" ("id","email","name","searchText","passwordHash","disabled","apiAccess","keysVersion","createdAt","updatedAt","lastSignInAt","lastSignInIp")
         SELECT id, email, name, st, ph, dis, acc, 0, ca, ca, ls, lip
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::timestamp(3)[], $9::timestamp(3)[], $10::text[])
           AS t(id, email, name, st, ph, dis, acc, ca, ls, lip)`,
        columns(batch.users, [
          (u) => u.id,
          (u) => u.email,
          (u) => u.name,
          (u) => u.searchText,
          (u) => u.passwordHash,
          (u) => u.disabled,
          (u) => u.apiAccess,
          (u) => iso(u.createdAt),
          (u) => iso(u.lastSignInAt),
          (u) => u.lastSignInIp,
        ]),
      );
      await client.query(
        `INSERT INTO "UserRole" ("userId","roleId","assignedAt") SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp(3)[])`,
        columns(batch.roles, [(r) => r.userId, (r) => r.roleId, (r) => iso(r.assignedAt)]),
      );
      await client.query(
        `INSERT INTO "ApiKey" ("id","clientId","userId","name","description","secretHash","secretHint","apiSets","createdAt","expiresAt","revokedAt","revokedReason","revokedById","lastUsedAt","lastUsedIp")
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamp(3)[], $10::timestamp(3)[],
           $11::timestamp(3)[], $12::text[], $13::text[], $14::timestamp(3)[], $15::text[])`,
        columns(batch.keys, [
          (k) => k.id,
          (k) => k.clientId,
          (k) => k.userId,
          (k) => k.name,
          (k) => k.description,
          (k) => k.secretHash,
          (k) => k.secretHint,
          (k) => k.apiSets,
          (k) => iso(k.createdAt),
          (k) => iso(k.expiresAt),
          (k) => iso(k.revokedAt),
          (k) => k.revokedReason,
          (k) => (k.revokedAt ? k.userId : null),
          (k) => iso(k.lastUsedAt),
          (k) => k.lastUsedIp,
        ]),
      );
      await client.query(
        `INSERT INTO "AuditEvent" ("at","actorId","action","targetUserId","clientId","ip","userAgent","details")
         SELECT at, actor, action, target, cid, ip, CASE WHEN ip IS NULL THEN NULL ELSE 'keydesk-scale-seed' END, details
         FROM unnest($1::timestamp(3)[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(at, actor, action, target, cid, ip, details)`,
        columns(batch.audit, [
          (a) => iso(a.at),
          (a) => a.actorId,
          (a) => a.action,
          (a) => a.targetUserId,
          (a) => a.clientId,
          (a) => a.ip,
          (a) => a.details,
        ]),
      );
    },
    async finish() {
      // Visibility map and statistics, as autovacuum would leave them on a settled database.
      await client.query(`VACUUM ANALYZE "User", "UserRole", "ApiKey", "AuditEvent", "Role"`);
    },
    async close() {
      await client.end();
    },
  };
}

export default async function seedScaleFromArgs(): Promise<void> {
  const usersArg = process.argv.find((a) => a.startsWith("--users="));
  const users = usersArg ? Number(usersArg.slice("--users=".length)) : 100_000;
  if (!Number.isInteger(users) || users < 5 || users > 2_000_000) throw new Error("--users must be a whole number from 5 to 2,000,000");
  await seedScale(databaseUrl(), { users });
}
