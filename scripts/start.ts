// npm start – prepares data, secrets, database and the first administrator, builds the console
// when the sources changed since the last build, then serves it (scripts/console-server.ts).
// `--dev` runs the development server instead. With KEYDESK_API_PORT set it also runs the
// dedicated API process (npm run start:api) on that port, and the webhook delivery worker (npm
// run worker) unless KEYDESK_WEBHOOK_WORKER=0; SIGTERM/SIGINT go to every child, and when one
// stops, the others are stopped too (scripts/supervise.ts).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { buildIfStale, childEnv, consoleServerCommand } from "./console-build";
import { createFirstAdmin, describeDatabase, prepareDatabase } from "./prepare";
import { superviseChildren } from "./supervise";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

/** The webhook delivery worker (scripts/worker.ts), supervised like the console. */
function spawnWorker(): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "worker.ts")], {
    stdio: "inherit",
    env: childEnv(),
  });
}

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
  if (process.env.KEYDESK_WEBHOOK_WORKER !== "0") children.push(spawnWorker());
  superviseChildren(children);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
