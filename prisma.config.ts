// Prisma CLI configuration. Keydesk uses the CLI only to generate clients and to write new
// migrations (`npm run db:new-migration`); migrations are applied by lib/db/migrate.ts.
// engine "js" keeps every command offline: no engine binary is downloaded.
import path from "node:path";
import { defineConfig } from "prisma/config";

const databaseUrl = process.env.DATABASE_URL ?? "file:./data/keydesk.db";
const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", isPostgres ? "postgres" : "", "schema.prisma"),
  async adapter() {
    if (isPostgres) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: databaseUrl });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: databaseUrl.replace(/^file:/, "") });
  },
});
