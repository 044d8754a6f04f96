// Vitest setup for integration tests: each test file gets its own fresh, migrated database
// before any of its imports load the Prisma client.
import { afterAll } from "vitest";
import { createTestDatabase } from "./test-database";

const kind = process.env.KEYDESK_TEST_DB === "postgres" ? "postgres" : "sqlite";
const database = await createTestDatabase(kind, "int");
process.env.DATABASE_URL = database.url;
process.env.KEYDESK_DATA_DIR = database.dataDir;
process.env.AUTH_SECRET = "test-auth-secret-not-for-production";
process.env.KEYDESK_KEY_PEPPER = "test-key-pepper-not-for-production";

afterAll(async () => {
  const { db } = await import("../db/client");
  await db.$disconnect();
  await database.drop();
});
