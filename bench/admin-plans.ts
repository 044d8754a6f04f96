// Part of `npm run bench:admin` (run by bench/admin-pages.ts once per database, DATABASE_URL set):
//   1. makes sure the bench administrator exists, with a fresh password for this run;
//   2. runs the administration lists through lib/ exactly as the pages do, with a Prisma client
//      that logs every statement, times each list in-process, and EXPLAINs every statement
//      (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
// Prints one JSON document on stdout.
import { randomBytes } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseUrl, providerOf, sqliteFile } from "../lib/db/database-url";
import { PrismaClient as PostgresClient } from "../lib/db/generated/postgres/client";
import { PrismaClient as SqliteClient } from "../lib/db/generated/sqlite/client";
import { postgresPoolConfig } from "../lib/db/pool";

export const BENCH_ADMIN_EMAIL = "bench-admin@keydesk.local";

type Logged = { query: string; params: string };
export type PlannedList = { name: string; ms: number[]; statements: { sql: string; plan: string }[] };
export type PlansOutput = { admin: { email: string; password: string }; lists: PlannedList[]; searchTerm: string; latePage: number };

const url = databaseUrl();
const provider = providerOf(url);
const logged: Logged[] = [];
const log = [{ emit: "event" as const, level: "query" as const }];
const client =
  provider === "postgresql"
    ? (new PostgresClient({ adapter: new PrismaPg(postgresPoolConfig(url)), log }) as unknown as SqliteClient)
    : new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqliteFile(url), timeout: 15_000 }), log });
(client as unknown as { $on: (e: "query", cb: (e: Logged) => void) => void }).$on("query", (e) =>
  logged.push({ query: e.query, params: e.params }),
);
// lib/db/client.ts keeps one client per process on globalThis: this logging one becomes it.
(globalThis as unknown as { keydeskDb: unknown }).keydeskDb = { client, provider };

const { ADMIN_ROLE_ID } = await import("../lib/auth/authorities");
const { loadActor } = await import("../lib/auth/actor");
const { db, transaction } = await import("../lib/db/client");
const { hashPassword } = await import("../lib/users/passwords");
const { userSearchText } = await import("../lib/users/normalize");
const { listUsers, USERS_PAGE_SIZE } = await import("../lib/users/list-users");
const { listApiAccess } = await import("../lib/admin/list-api-access");
const { listAuditEvents } = await import("../lib/audit/list-audit");

async function ensureAdmin(): Promise<{ id: string; password: string }> {
  const password = randomBytes(18).toString("base64url");
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { email: BENCH_ADMIN_EMAIL }, select: { id: true } });
  const id = await transaction(async (tx) => {
    if (existing) {
      await tx.user.update({ where: { id: existing.id }, data: { passwordHash, disabled: false } });
      return existing.id;
    }
    const user = await tx.user.create({
      data: {
        email: BENCH_ADMIN_EMAIL,
        name: "Bench Administrator",
        searchText: userSearchText("Bench Administrator", BENCH_ADMIN_EMAIL),
        passwordHash,
        roles: { create: [{ roleId: ADMIN_ROLE_ID }] },
      },
      select: { id: true },
    });
    return user.id;
  });
  return { id, password };
}

function sqliteParams(raw: string): unknown[] {
  return (JSON.parse(raw) as unknown[]).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
}

async function explainAll(statements: Logged[]): Promise<{ sql: string; plan: string }[]> {
  const out: { sql: string; plan: string }[] = [];
  if (provider === "sqlite") {
    const raw = new Database(sqliteFile(url), { readonly: true });
    try {
      for (const s of statements) {
        const rows = raw.prepare(`EXPLAIN QUERY PLAN ${s.query}`).all(...(sqliteParams(s.params) as never[])) as {
          id: number;
          parent: number;
          detail: string;
        }[];
        const depth = new Map<number, number>([[0, 0]]);
        const lines = rows.map((r) => {
          const d = (depth.get(r.parent) ?? 0) + 1;
          depth.set(r.id, d);
          return `${"  ".repeat(d - 1)}${r.detail}`;
        });
        out.push({ sql: s.query, plan: lines.join("\n") });
      }
    } finally {
      raw.close();
    }
    return out;
  }
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  try {
    for (const s of statements) {
      const result = await raw.query(`EXPLAIN (ANALYZE, COSTS OFF) ${s.query}`, JSON.parse(s.params) as unknown[]);
      out.push({ sql: s.query, plan: result.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n") });
    }
  } finally {
    await raw.end();
  }
  return out;
}

const admin = await ensureAdmin();
const actor = (await loadActor(admin.id))!;
const total = await db.user.count();
const latePage = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE) - 10);
const searchTerm = "martin";
const RUNS = Number(process.env.BENCH_PLAN_RUNS ?? 5);

const lists: { name: string; run: () => Promise<unknown> }[] = [
  { name: "users: first page", run: () => listUsers(actor, { page: 1 }) },
  { name: `users: search "${searchTerm}"`, run: () => listUsers(actor, { q: searchTerm, page: 1 }) },
  { name: `users: page ${latePage}`, run: () => listUsers(actor, { page: latePage }) },
  { name: "api-access: first page", run: () => listApiAccess(actor, {}, 1) },
  { name: "api-access: expiring within 7 days", run: () => listApiAccess(actor, { expiring: 7 }, 1) },
  {
    name: "api-access: role + idle 90 days + key older than 180 days",
    run: () => listApiAccess(actor, { role: "role_scale_support", lastUse: "idle90", keyAge: "180" }, 1),
  },
  { name: "audit: first page", run: () => listAuditEvents(actor, {}, 1) },
  { name: "audit: action = key.revoked", run: () => listAuditEvents(actor, { action: "key.revoked" }, 1) },
  { name: "audit: target user", run: () => listAuditEvents(actor, { target: admin.id }, 1) },
];

const results: PlannedList[] = [];
for (const list of lists) {
  await list.run(); // warm-up (and Prisma's query compilation)
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await list.run();
    ms.push(performance.now() - t);
  }
  logged.length = 0;
  await list.run();
  const seen = new Set<string>();
  const selects = logged.filter((l) => /^\s*SELECT/i.test(l.query) && !seen.has(l.query) && seen.add(l.query));
  results.push({ name: list.name, ms, statements: await explainAll(selects) });
}
await db.$disconnect();
const output: PlansOutput = { admin: { email: BENCH_ADMIN_EMAIL, password: admin.password }, lists: results, searchTerm, latePage };
process.stdout.write(JSON.stringify(output));
