// Unit tests (no database) and integration tests (*.int.test.ts, a fresh real database per
// file). Integration tests run on SQLite, and again on PostgreSQL when KEYDESK_TEST_PG=1
// (scripts/test.sh sets it when a server is reachable).
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // Tests are server code; the marker package would refuse to load outside React's server build.
      "server-only": path.join(root, "lib/testing/server-only-stub.ts"),
    },
  },
};

const integration = (db: "sqlite" | "postgres") => ({
  ...shared,
  test: {
    name: `int-${db}`,
    include: ["{lib,app,scripts}/**/*.int.test.ts"],
    setupFiles: ["lib/testing/setup-db.ts"],
    env: { KEYDESK_TEST_DB: db },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    // Integration tests mostly wait on their databases and child processes: on a 2-core machine
    // Vitest's default (cores - 1 = one file at a time) left a core idle (270 s against 196 s
    // with two; three were no faster).
    maxWorkers: Math.max(os.availableParallelism() - 1, 2),
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["{lib,app,components,scripts}/**/*.test.{ts,tsx}"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
        },
      },
      integration("sqlite"),
      ...(process.env.KEYDESK_TEST_PG === "1" ? [integration("postgres")] : []),
    ],
  },
});
