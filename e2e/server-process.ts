// Keydesk processes a browser test starts itself beside the engine's console test server, on
// the same database and data folder (so with the same key pepper): dedicated API processes
// (scripts/start-api.ts) and further consoles (scripts/console-server.ts, production build).
import { spawn } from "node:child_process";
import path from "node:path";
import { type E2eDb, e2eDatabaseUrl, e2eDataDir } from "./e2e-env";

export type ServerProcess = {
  name: string;
  /** http://127.0.0.1:<port>/api/v1 */
  base: string;
  pid: number;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM (a clean stop: drain, write usage, close pools); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
};

type Options = { db: E2eDb; name: string; port: number; env?: Record<string, string> };

export function startApiProcess(db: E2eDb, name: string, port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer(["--conditions=react-server", "--import", "tsx", path.join("scripts", "start-api.ts")], "/api/v1/health", {
    db,
    name,
    port,
    env: { KEYDESK_API_PORT: String(port), KEYDESK_API_HOST: "127.0.0.1", ...env },
  });
}

/** A further console; needs the production build (`npx next build`), as the test servers do. */
export function startConsoleProcess(db: E2eDb, name: string, port: number, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServer(["--import", "tsx", path.join("scripts", "console-server.ts")], "/api/health", {
    db,
    name,
    port,
    env: { PORT: String(port), KEYDESK_CONSOLE_HOST: "127.0.0.1", ...env },
  });
}

async function startServer(args: string[], healthPath: string, options: Options): Promise<ServerProcess> {
  const { db, name, port } = options;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: e2eDatabaseUrl(db),
    KEYDESK_DATA_DIR: e2eDataDir(db),
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
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
  const origin = `http://127.0.0.1:${port}`;
  const health = await fetch(`${origin}${healthPath}`);
  if (health.status !== 200) throw new Error(`${name}: ${healthPath} answered ${health.status}`);
  return {
    name,
    base: `${origin}/api/v1`,
    pid: child.pid!,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timeout = setTimeout(() => child.kill("SIGKILL"), 30_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timeout);
      }
    },
  };
}
