// Where the setup project keeps each role's signed-in browser state and account, per engine
// and per run (inside the run's own temporary directory, so runs never share them).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type E2eDb, e2eDataDir } from "./e2e-env";

export type E2eRole = "admin" | "member";

function dir(db: E2eDb): string {
  const d = path.join(e2eDataDir(db), "..", `signed-in-${db}`);
  mkdirSync(d, { recursive: true });
  return d;
}

export const roleStateFile = (db: E2eDb, role: E2eRole) => path.join(dir(db), `${role}.state.json`);
export const roleAccountFile = (db: E2eDb, role: E2eRole) => path.join(dir(db), `${role}.account.json`);
