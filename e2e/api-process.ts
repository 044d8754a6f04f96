// Dedicated API processes (scripts/start-api.ts) started by a browser test beside the engine's
// console test server, on the same database and data folder (so the same key pepper).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { e2eDataDir, e2eDatabaseUrl, type E2eDb } from "./e2e-env";

export type ApiProcess = {
  name: string;
  /** http://127.0.0.1:<port>/api/v1 */
  base: string;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM (a clean stop: drain, write usage, close pools); resolves with the exit code. */
  stop(): Promise<number | null>;
};

export async function startApiProcess(db: E2eDb, name: string, port: number, env: Record<string, string> = {}): Promise<ApiProcess> {
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: e2eDatabaseUrl(db),
    KEYDESK_DATA_DIR: e2eDataDir(db),
    KEYDESK_API_PORT: String(port),
    KEYDESK_API_HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join("scripts", "start-api.ts")], {
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never outlive the test worker, whatever happens to it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let output = "";
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      process.off("exit", killOnExit);
      resolve(code);
    }),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${output}`));
    });
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  const health = await fetch(`${base}/health`);
  if (health.status !== 200) throw new Error(`${name}: /health answered ${health.status}`);
  return {
    name,
    base,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timeout);
      }
    },
  };
}
