// Where each browser-test run keeps its databases. Computed identically in the Playwright runner,
// its workers and the test servers (the run id travels in the environment), so test fixtures
// and the server they drive share one database per engine.
import os from "node:os";
import path from "node:path";
import { DEFAULT_TEST_PG_URL } from "../lib/testing/test-database";

export type E2eDb = "sqlite" | "postgres";

export function e2eRun(): { id: string; ownerPid: string } {
  process.env.KEYDESK_E2E_RUN ??= `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  process.env.KEYDESK_E2E_OWNER_PID ??= String(process.pid);
  return { id: process.env.KEYDESK_E2E_RUN, ownerPid: process.env.KEYDESK_E2E_OWNER_PID };
}

export function e2eDataDir(db: E2eDb): string {
  return path.join(os.tmpdir(), `keydesk-e2e-${e2eRun().id}`, db);
}

export function e2eDatabaseUrl(db: E2eDb): string {
  if (db === "sqlite") return `file:${path.join(e2eDataDir(db), "keydesk.db")}`;
  const url = new URL(process.env.KEYDESK_TEST_PG_URL ?? DEFAULT_TEST_PG_URL);
  const { id, ownerPid } = e2eRun();
  url.pathname = `/keydesk_t_${ownerPid}_e2e_${id}`;
  return url.toString();
}

/** Port of the console test server of `db` (KEYDESK_E2E_PORT, then the next one). */
export function e2eConsolePort(db: E2eDb): number {
  return e2eBasePort() + (db === "sqlite" ? 0 : 1);
}

/**
 * Ports for servers a test starts itself beside `db`'s console (base + 20… for SQLite, base +
 * 30… for PostgreSQL): [0, 1] multi-instance.spec.ts, [2, 3] shutdown.spec.ts, [4, 5]
 * kill-survival.spec.ts.
 */
export function e2eSparePorts(db: E2eDb): number[] {
  const first = e2eBasePort() + 20 + (db === "sqlite" ? 0 : 10);
  return Array.from({ length: 10 }, (_, i) => first + i);
}

function e2eBasePort(): number {
  return Number(process.env.KEYDESK_E2E_PORT ?? 3200);
}

export const E2E_ADMIN = { email: "admin@e2e.keydesk.test", password: "e2e-admin-password-0001" };
