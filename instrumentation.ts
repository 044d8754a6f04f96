// Runs once when the console's server starts: installs the shutdown hooks that write the API's
// usage counters still in memory before the process exits (lib/api/shutdown-hooks.ts), and
// publishes the API for the console's front server, which serves /api/v1 without Next.js
// (lib/api/front-door.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installShutdownHooks } = await import("./lib/api/shutdown-hooks");
    installShutdownHooks();
    const { publishConsoleApi } = await import("./lib/api/console-mount");
    publishConsoleApi();
  }
}
