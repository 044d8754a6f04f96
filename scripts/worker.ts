// npm run worker – the webhook delivery worker on its own (lib/webhooks/worker.ts). `npm start`
// runs one beside the console by default (KEYDESK_WEBHOOK_WORKER=0 turns that off, e.g. when
// dedicated workers run elsewhere); any number may run against one database. Prepares the data
// folder and database like `npm start`, so it may start first or alone. SIGTERM/SIGINT: finish
// the deliveries in flight (at most the 10 s request timeout), close the pool, exit 0.
import { describeDatabase, prepareDatabase } from "./prepare";

async function main() {
  const { url } = await prepareDatabase();
  // Imported late: the Prisma client reads DATABASE_URL when it loads.
  const { WebhookWorker } = await import("../lib/webhooks/worker");
  const { db } = await import("../lib/db/client");
  const worker = new WebhookWorker();
  worker.start();
  console.log(`Keydesk webhook worker ${worker.id} running (database: ${describeDatabase(url)}).`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      worker
        .stop()
        .then(() => db.$disconnect())
        .then(
          () => process.exit(0),
          (error) => {
            console.error("Keydesk webhook worker did not stop cleanly:", error instanceof Error ? error.message : error);
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
