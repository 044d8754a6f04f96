// npm start – prepares data, secrets, database and the first administrator, builds the console
// when the sources changed since the last build, then serves it (next start).
// `--dev` runs the development server instead.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createFirstAdmin, describeDatabase, prepareDatabase } from "./prepare";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const nextBin = path.join(root, "node_modules", ".bin", "next");

const SOURCES = ["app", "components", "lib", "public", "proxy.ts", "next.config.mjs", "tailwind.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];

function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p).sort()) {
        if (entry === "node_modules" || entry.endsWith(".test.ts")) continue;
        visit(path.join(p, entry));
      }
    } else {
      hash.update(path.relative(root, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  SOURCES.forEach((s) => visit(path.join(root, s)));
  return hash.digest("hex");
}

function buildIfStale() {
  const marker = path.join(root, ".next", "keydesk-source.sha256");
  const fingerprint = sourceFingerprint();
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint;
  if (built) return;
  console.log("Building the console (first start or sources changed)…");
  const result = spawnSync(nextBin, ["build"], { stdio: "inherit", env: childEnv() });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(marker, fingerprint);
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_OPTIONS;
  return env;
}

async function main() {
  const { url, applied } = await prepareDatabase();
  console.log(`Database: ${describeDatabase(url)}${applied.length ? `, applied ${applied.length} migration(s)` : ", up to date"}.`);
  await createFirstAdmin();
  if (!dev) buildIfStale();
  const child = spawn(nextBin, [dev ? "dev" : "start", "-p", port], { stdio: "inherit", env: childEnv() });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
