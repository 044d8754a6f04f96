// Finding users by any part of their name or email, the same way on both databases: the query
// and User.searchText are both lower-cased "name email", and a match is a plain substring match
// (no wildcards: "%" and "_" are literal). PostgreSQL answers it with the trigram index of the
// admin_lists migration; SQLite walks the (createdAt, id, searchText) index in display order,
// reading no table rows, and stops at the page's last hit.
import { db, dbProvider } from "../db/client";

export const SEARCH_MAX = 100;

/** The search term as stored text would contain it, or "" for no search. */
export function normalizeSearch(raw: string | undefined): string {
  return (raw ?? "").replace(/\s+/g, " ").trim().toLowerCase().slice(0, SEARCH_MAX);
}

/** `term` as a LIKE pattern matching it anywhere, with LIKE's own wildcards escaped. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchUserIds(term: string, skip: number, take: number): Promise<string[]> {
  const rows =
    dbProvider === "postgresql"
      ? await db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "User" WHERE "searchText" LIKE ${containsPattern(term)}
          ORDER BY "createdAt" DESC, "id" DESC LIMIT ${take} OFFSET ${skip}`
      : await db.$queryRaw<{ id: string }[]>`
          SELECT "id" FROM "User" WHERE instr("searchText", ${term}) > 0
          ORDER BY "createdAt" DESC, "id" DESC LIMIT ${take} OFFSET ${skip}`;
  return rows.map((r) => r.id);
}

export async function countUserSearch(term: string): Promise<number> {
  const rows =
    dbProvider === "postgresql"
      ? await db.$queryRaw<{ n: number | bigint }[]>`SELECT count(*)::int AS n FROM "User" WHERE "searchText" LIKE ${containsPattern(term)}`
      : await db.$queryRaw<{ n: number | bigint }[]>`SELECT count(*) AS n FROM "User" WHERE instr("searchText", ${term}) > 0`;
  return Number(rows[0]?.n ?? 0);
}
