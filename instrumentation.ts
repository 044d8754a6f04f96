// Runs once when the console's server starts: installs the shutdown hooks that write the API's
// usage counters still in memory before the process exits (lib/api/shutdown-hooks.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installShutdownHooks } = await import("./lib/api/shutdown-hooks");
    installShutdownHooks();
  }
}
