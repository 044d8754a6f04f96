// npm start – prepares data, secrets, database and the first administrator, builds the console
// when the sources changed since the last build, then serves it (scripts/console-server.ts).
// `--dev` runs the development server instead. With KEYDESK_API_PORT set it also runs the
// dedicated API process (npm run start:api) on that port; SIGTERM/SIGINT go to both children,
// and when either stops, the other is stopped too.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildIfStale, childEnv, consoleServerCommand } from "./console-build";
import { createFirstAdmin, describeDatabase, prepareDatabase } from "./prepare";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

async function main() {
  const { url, applied } = await prepareDatabase();
  console.log(`Database: ${describeDatabase(url)}${applied.length ? `, applied ${applied.length} migration(s)` : ", up to date"}.`);
  await createFirstAdmin();
  if (!dev) buildIfStale();
  const [command, args] = consoleServerCommand({ dev });
  const children: ChildProcess[] = [spawn(command, args, { stdio: "inherit", env: { ...childEnv(), PORT: port } })];
  const apiPort = process.env.KEYDESK_API_PORT?.trim();
  if (apiPort) {
    children.push(
      spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "start-api.ts")], {
        stdio: "inherit",
        env: { ...childEnv(), KEYDESK_API_PORT: apiPort },
      }),
    );
  }
  superviseChildren(children);
}

/** Forwards SIGINT/SIGTERM to every child; when one exits, stops the rest and exits with its code. */
function superviseChildren(children: ChildProcess[]) {
  let exitCode: number | null = null;
  let running = children.length;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      exitCode ??= 0;
      stopAll(signal);
    });
  }
  for (const child of children) {
    child.on("exit", (code, signal) => {
      // The first child to stop decides the exit code (0 when we were asked to stop).
      exitCode ??= code ?? (signal ? 0 : 1);
      stopAll("SIGTERM");
      running -= 1;
      if (running === 0) process.exit(exitCode);
    });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
