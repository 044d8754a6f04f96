// Builds the console with `next build` when its sources changed since the last build (a
// fingerprint of the sources is kept beside the build), and how to run the console's server.
// Used by `npm start`, the test servers and the benchmarks.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
export const nextBin = path.join(root, "node_modules", ".bin", "next");

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];

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
  for (const s of SOURCES) visit(path.join(root, s));
  return hash.digest("hex");
}

export function buildIfStale() {
  const marker = path.join(root, ".next", "keydesk-source.sha256");
  const fingerprint = sourceFingerprint();
  const built = existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint;
  if (built) return;
  console.log("Building the console (first start or sources changed)…");
  const result = spawnSync(nextBin, ["build"], { stdio: "inherit", env: childEnv() });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(marker, fingerprint);
}

/** How to run the console's server (scripts/console-server.ts) on PORT: [command, args]. */
export function consoleServerCommand(options: { dev?: boolean } = {}): [string, string[]] {
  return [process.execPath, ["--import", "tsx", path.join(root, "scripts", "console-server.ts"), ...(options.dev ? ["--dev"] : [])]];
}

export function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_OPTIONS;
  return env;
}
