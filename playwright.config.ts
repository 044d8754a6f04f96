// Browser tests in real Chromium against a production build (`next build` first; npm test does
// it), on SQLite and - when KEYDESK_TEST_PG=1 - on PostgreSQL: one test server per engine, each
// with a fresh database for the run.
import { defineConfig, type Project } from "@playwright/test";
import { type E2eDb, e2eConsolePort, e2eRun } from "./e2e/e2e-env";

e2eRun();
// Test fixtures import lib/ (server code marked "server-only"); workers inherit this.
if (!process.env.NODE_OPTIONS?.includes("react-server")) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim();
}

// Ports: KEYDESK_E2E_PORT (default 3200) and the next one for the consoles; tests that start
// dedicated API processes use base+20… (e2e/e2e-env.ts).
const engines: E2eDb[] = process.env.KEYDESK_TEST_PG === "1" ? ["sqlite", "postgres"] : ["sqlite"];
const port = e2eConsolePort;
const POLICY_SPECS = /\.policy\.spec\.ts$/;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: process.env.KEYDESK_E2E_WORKERS ? Number(process.env.KEYDESK_E2E_WORKERS) : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: engines.flatMap((db): Project[] => [
    // Signs in once per role for the journeys that only need a signed-in browser.
    { name: `${db}-setup`, testMatch: /auth\.setup\.ts/, metadata: { db }, use: { baseURL: `http://localhost:${port(db)}` } },
    {
      name: db,
      dependencies: [`${db}-setup`],
      testIgnore: POLICY_SPECS,
      metadata: { db },
      use: { baseURL: `http://localhost:${port(db)}` },
    },
    // Specs that change the global policy (*.policy.spec.ts) run once every other test of the
    // engine has finished, one at a time, so no journey issues keys under their values and no
    // other settings form saves values read before theirs changed them. They sign in by
    // themselves, so one runs alone with `npx playwright test e2e/x.policy.spec.ts --no-deps`.
    {
      name: `${db}-policy`,
      dependencies: [db],
      testMatch: POLICY_SPECS,
      workers: 1,
      metadata: { db },
      use: { baseURL: `http://localhost:${port(db)}` },
    },
  ]),
  webServer: engines.map((db) => ({
    name: db,
    command: `node_modules/.bin/tsx --conditions=react-server scripts/e2e-server.ts ${db} ${port(db)}`,
    url: `http://localhost:${port(db)}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  })),
});
