// The credential report's bulk read (All keys → Export CSV): every key with its owner, in pages
// along the primary key (a keyset: each page starts after the last id of the one before, never
// an OFFSET), straight through the drivers the API's hot path uses (lib/db/api-store.ts).
//
// Why not Prisma: it plans every query in Wasm and materialises each page twice (driver rows,
// then its own objects with Date values), which made 300,000 keys take 13 s and the process
// grow by 170 MB while it streamed. Here a page is one prepared statement (better-sqlite3) or
// one named statement (pg), its dates already ISO 8601 text from the database, so a page costs
// little more than its bytes. Nothing is held between pages (no transaction, no connection,
// no cursor), so a download the browser abandons leaves nothing open.
import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { type KeyStatus, keyStatusSql } from "../keys/status";
import { databaseUrl, providerOf, sqliteFile } from "./database-url";
import { postgresClientConfig } from "./pool";

type KeyReportFilters = { status?: KeyStatus; owner?: string; apiSet?: string };

/**
 * One key as the report reads it, in this column order (arrays, not objects: a third less work
 * per row for the drivers); dates are ISO 8601 UTC text, null when unset.
 */
export type KeyReportRow = [
  id: string,
  ownerName: string,
  ownerEmail: string,
  name: string,
  clientId: string,
  apiSets: string,
  createdAt: string,
  expiresAt: string,
  revokedAt: string | null,
  replacedById: string | null,
  deactivatedAt: string | null,
  lastUsedAt: string | null,
  lastUsedIp: string | null,
];

/** Positions of the dates in a KeyReportRow. */
const DATE_COLUMNS = [6, 7, 8, 10, 11] as const;

export type KeyReportStore = {
  /** At most `limit` keys matching `filters` whose id sorts after `after` ("" for the first page), by id. */
  page(filters: KeyReportFilters, now: Date, after: string, limit: number): Promise<KeyReportRow[]>;
  close(): Promise<void>;
};

type Dialect = {
  placeholder: (n: number) => string;
  iso: (column: string) => string;
  time: (d: Date) => string;
  hasApiSet: (column: string, code: string) => string;
};

const sqlite: Dialect = {
  placeholder: () => "?",
  // Read as stored and made ISO in JavaScript (isoFromSqlite): strftime() on five columns
  // doubled the time of the whole query.
  iso: (column) => column,
  time: (d) => d.toISOString().replace("Z", "+00:00"),
  hasApiSet: (column, code) => `instr(' ' || ${column} || ' ', ' ' || ${code} || ' ') > 0`,
};

const postgres: Dialect = {
  placeholder: (n) => `$${n}`,
  iso: (column) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  time: (d) => d.toISOString().replace("T", " ").replace("Z", ""),
  hasApiSet: (column, code) => `strpos(' ' || ${column} || ' ', ' ' || ${code} || ' ') > 0`,
};

const NOW = "\u0000now";

/** The statement for one combination of filters, and its parameters in order. */
function pageQuery(dialect: Dialect, filters: KeyReportFilters, now: Date, after: string, limit: number) {
  const values: unknown[] = [];
  const param = (value: unknown, cast = "") => {
    values.push(value);
    return `${dialect.placeholder(values.length)}${cast}`;
  };
  const where = [`k."id" > ${param(after)}`];
  if (filters.status) {
    // The time is a parameter only for the statuses that depend on it (not "revoked").
    const parts = keyStatusSql(filters.status, NOW).split(NOW);
    const at = () => param(dialect.time(now), dialect === postgres ? "::timestamp(3)" : "");
    where.push(`(${parts.reduce((sql, part) => `${sql}${at()}${part}`)})`);
  }
  if (filters.owner) where.push(`u."email" = ${param(filters.owner)}`);
  // Stored as space-separated codes: a whole code, never a part of one.
  if (filters.apiSet) where.push(dialect.hasApiSet(`k."apiSets"`, param(filters.apiSet)));
  const text = `
    SELECT k."id", u."name" AS "ownerName", u."email" AS "ownerEmail", k."name", k."clientId", k."apiSets",
           ${dialect.iso(`k."createdAt"`)} AS "createdAt", ${dialect.iso(`k."expiresAt"`)} AS "expiresAt",
           ${dialect.iso(`k."revokedAt"`)} AS "revokedAt", k."replacedById",
           ${dialect.iso(`k."deactivatedAt"`)} AS "deactivatedAt", ${dialect.iso(`k."lastUsedAt"`)} AS "lastUsedAt",
           k."lastUsedIp"
    FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId"
    WHERE ${where.join(" AND ")}
    ORDER BY k."id" LIMIT ${param(limit)}`;
  return { text, values };
}

/** Which statement a set of filters needs (a name for the prepared statement). */
const shapeOf = (filters: KeyReportFilters) =>
  `keydesk_key_report_${filters.status ?? "any"}_${filters.owner ? "owner" : "all"}_${filters.apiSet ? "set" : "any"}`;

/**
 * A SQLite DateTime as ISO 8601 UTC. Prisma stores "2026-12-01T15:33:00.123+00:00"; the rest
 * (numbers of milliseconds, other offsets, text without a zone, which SQLite's own functions
 * write in UTC) goes through Date.
 */
function isoFromSqlite(value: string | number): string {
  if (typeof value === "number") return new Date(value).toISOString();
  if (value.length === 29 && value.endsWith("+00:00")) return `${value.slice(0, 23)}Z`;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value.replace(" ", "T")}Z`;
  return new Date(zoned).toISOString();
}

function sqliteReportStore(url: string): KeyReportStore {
  // Its own read-only connection: reads only ever see committed data, and never queue behind
  // Prisma's single SQLite connection.
  const conn = new Database(sqliteFile(url), { readonly: true, fileMustExist: true, timeout: 5_000 });
  const statements = new Map<string, Database.Statement>();
  return {
    async page(filters, now, after, limit) {
      // better-sqlite3 reads synchronously: let other requests run between two pages.
      await new Promise((resolve) => setImmediate(resolve));
      const { text, values } = pageQuery(sqlite, filters, now, after, limit);
      const shape = shapeOf(filters);
      let statement = statements.get(shape);
      if (!statement) {
        statement = conn.prepare(text).raw(true);
        statements.set(shape, statement);
      }
      const rows = statement.all(...values) as (string | number | null)[][];
      for (const row of rows) for (const i of DATE_COLUMNS) row[i] = row[i] === null ? null : isoFromSqlite(row[i]);
      return rows as KeyReportRow[];
    },
    async close() {
      conn.close();
    },
  };
}

function postgresReportStore(url: string): KeyReportStore {
  // One connection, opened while exports run and closed 10 s after the last page: exports are
  // rare, and it stays outside the pools sized for requests (lib/db/pool.ts).
  const pool = new pg.Pool({
    ...postgresClientConfig(url, { applicationName: "keydesk-report" }),
    max: 1,
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  pool.on("error", () => {}); // an idle connection dropped; the next page opens another
  return {
    async page(filters, now, after, limit) {
      const { text, values } = pageQuery(postgres, filters, now, after, limit);
      const result = await pool.query<KeyReportRow>({ name: shapeOf(filters), text, values, rowMode: "array" });
      return result.rows;
    },
    async close() {
      await pool.end();
    },
  };
}

const globalForReport = globalThis as unknown as { keydeskKeyReport?: KeyReportStore };

/** The process's report reader, on DATABASE_URL's engine, opened on first use. */
export function keyReportStore(): KeyReportStore {
  if (!globalForReport.keydeskKeyReport) {
    const url = databaseUrl();
    globalForReport.keydeskKeyReport = providerOf(url) === "postgresql" ? postgresReportStore(url) : sqliteReportStore(url);
  }
  return globalForReport.keydeskKeyReport;
}
