// Which database Keydesk talks to. SQLite (a file under the data folder) unless DATABASE_URL
// names a PostgreSQL server. Kept free of other imports: scripts, tests and the app all use it.
import path from "node:path";

export type Provider = "sqlite" | "postgresql";

export function dataDir(): string {
  // turbopackIgnore: the data folder is chosen at run time and is not part of the build.
  return path.resolve(/*turbopackIgnore: true*/ process.env.KEYDESK_DATA_DIR ?? path.join(process.cwd(), "data"));
}

export function databaseUrl(): string {
  return process.env.DATABASE_URL?.trim() || `file:${path.join(dataDir(), "keydesk.db")}`;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/** The file path of a file: URL (relative paths resolve against the working directory). */
export function sqliteFile(url: string): string {
  return path.resolve(/*turbopackIgnore: true*/ url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, ""));
}

export function migrationsDir(provider: Provider): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", ...(provider === "postgresql" ? ["postgres"] : []), "migrations");
}
