// Recognising database refusals Prisma reports with stable codes.

/** A unique constraint refused the write (e.g. two requests creating the same email at once). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string; meta?: unknown } | null;
  if (e?.code === "P2002") return true;
  // A raw statement's refusal (P2010) carries the driver's own code: SQLite's or PostgreSQL's 23505.
  return (
    e?.code === "P2010" &&
    /SQLITE_CONSTRAINT_UNIQUE|23505|UNIQUE constraint failed|duplicate key/.test(`${e.message} ${JSON.stringify(e.meta ?? {})}`)
  );
}

// Prisma codes for "the database could not be reached or answered in time", driver-level
// connection errors, PostgreSQL's "the server is shutting down / unavailable" states and
// SQLite's "locked by another writer past the busy timeout".
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_DRIVER_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "SQLITE_BUSY",
]);

/** True when `error` says the database is unreachable or overloaded (worth a retry), not that the request was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { name?: string; code?: string; cause?: unknown } | null, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    if (e.name === "PrismaClientInitializationError") return true;
    if (e.code && (UNAVAILABLE_PRISMA_CODES.has(e.code) || UNAVAILABLE_DRIVER_CODES.has(e.code))) return true;
    if (
      /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|database is locked/i.test(
        String((e as { message?: string }).message ?? ""),
      )
    )
      return true;
  }
  return false;
}
