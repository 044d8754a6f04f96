// npm run start:api – the dedicated API process: the same /api/v1 as the console, on its own
// port (KEYDESK_API_PORT, default 3001), for throughput. Prepares the data folder and database
// like `npm start`, so it may start first or alone. SIGTERM/SIGINT: stop accepting, drain,
// flush usage, close the pool, exit 0.
import { describeDatabase, prepareDatabase } from "./prepare";

const port = Number(process.env.KEYDESK_API_PORT ?? process.env.PORT ?? 3001);
const hostname = process.env.KEYDESK_API_HOST ?? "0.0.0.0";

async function main() {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("KEYDESK_API_PORT must be a port number");
  const { url, applied } = await prepareDatabase();
  // Imported late: the Prisma client reads DATABASE_URL when it loads.
  const { startApiServer } = await import("../lib/api/server");
  const server = await startApiServer({ port, hostname });
  console.log(
    `Keydesk API listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${server.port}/api/v1 ` +
      `(database: ${describeDatabase(url)}${applied.length ? `, applied ${applied.length} migration(s)` : ""}).`,
  );
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.close().then(
        () => process.exit(0),
        (error) => {
          console.error("Keydesk API did not stop cleanly:", error instanceof Error ? error.message : error);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
