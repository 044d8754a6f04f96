// Everything a Keydesk process needs before it serves: the data folder and its secrets, the
// database migrated, and on the very first start one administrator. Shared by `npm start`,
// `npm run db:migrate` and the test servers.
import { mkdirSync } from "node:fs";
import { databaseUrl, dataDir, providerOf } from "../lib/db/database-url";
import { migrateDatabase } from "../lib/db/migrate";
import { serverSecrets } from "../lib/server-secrets";

export async function prepareDatabase(): Promise<{ url: string; applied: string[] }> {
  mkdirSync(dataDir(), { recursive: true, mode: 0o700 });
  serverSecrets();
  const url = databaseUrl();
  const { applied } = await migrateDatabase(url);
  return { url, applied };
}

export async function createFirstAdmin(): Promise<void> {
  // Imported late: the Prisma client reads DATABASE_URL when it loads.
  const { bootstrapAdmin } = await import("../lib/users/bootstrap-admin");
  const result = await bootstrapAdmin();
  if (!result.created) return;
  const lines = [
    "Keydesk created the first administrator account.",
    `  Email:    ${result.email}`,
    result.passwordGenerated ? `  Password: ${result.password}` : "  Password: the value of KEYDESK_ADMIN_PASSWORD",
    result.passwordGenerated ? "This password is shown only now. Sign in and keep it somewhere safe." : "",
  ].filter(Boolean);
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  console.log(`\n┌${"─".repeat(width)}┐\n${lines.map((l) => `│ ${l.padEnd(width - 1)}│`).join("\n")}\n└${"─".repeat(width)}┘\n`);
}

export function describeDatabase(url: string): string {
  return providerOf(url) === "sqlite" ? `SQLite (${url.replace(/^file:/, "")})` : `PostgreSQL (${url.replace(/\/\/[^@/]*@/, "//…@")})`;
}
