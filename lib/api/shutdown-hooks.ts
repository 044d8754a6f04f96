// Console process shutdown. On SIGTERM/SIGINT the console's server (scripts/console-server.ts)
// stops accepting connections, lets the requests in flight finish, then calls process.exit. The
// API's usage counters still in memory must be written after those last requests and before
// the exit, so the exit is deferred until they are flushed and the database pools closed (at
// most FLUSH_DEADLINE_MS). With NEXT_MANUAL_SIG_HANDLE set, Next.js leaves signals alone and
// this handler flushes and exits by itself.
const FLUSH_DEADLINE_MS = 10_000;

async function flushApi(): Promise<void> {
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, FLUSH_DEADLINE_MS).unref());
  const flush = import("./runtime")
    .then(({ stopApiRuntime }) => stopApiRuntime())
    .catch((error) => console.error("[keydesk] API shutdown:", error instanceof Error ? error.message : error))
    // Then the Prisma pool: its connections end with a goodbye, not a reset.
    .then(() => import("../db/client"))
    .then(({ db }) => db.$disconnect())
    .catch(() => {});
  await Promise.race([flush, deadline]);
}

export function installShutdownHooks(): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    if (process.env.NEXT_MANUAL_SIG_HANDLE) {
      void flushApi().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
      return;
    }
    const exit = process.exit.bind(process);
    let flushed: Promise<void> | null = null;
    process.exit = ((code?: number) => {
      flushed ??= flushApi();
      void flushed.finally(() => exit(code));
    }) as typeof process.exit;
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
}
