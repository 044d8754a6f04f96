// npm run bench:admin [-- --db=sqlite,postgres] [--runs=20] [--port=3450] [--no-build] [--reseed]
//
// Server render times of the administration lists with the scale data (100,000 users, 300,000
// keys): for each database it seeds once (npm run db:seed -- --scale; kept between runs), starts
// the production build (scripts/console-server.ts), signs in as a bench administrator over HTTP, and times
// complete responses (request sent → last byte) of each page: warm-ups first, then --runs
// measured requests, one at a time. Then it prints the query plan of every statement those
// lists run (bench/admin-plans.ts). Target: median ≤ 300 ms per page.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { consoleServerCommand } from "../scripts/console-build";
import type { PlansOutput } from "./admin-plans";
import { type Engine, prepareScaleData, run } from "./scale-data";

const root = process.cwd();
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const flag = (name: string) => process.argv.includes(`--${name}`);
const engines = (arg("db") ?? "sqlite,postgres").split(",").map((e) => e.trim()) as ("sqlite" | "postgres")[];
const runs = Number(arg("runs") ?? 20);
const warmups = 3;
const port = Number(arg("port") ?? 3450);
const TARGET_MS = 300;
const tsx = path.join(root, "node_modules", ".bin", "tsx");
const nextBin = path.join(root, "node_modules", ".bin", "next");

type Timing = { label: string; path: string; ms: number[] };

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return {
    median: s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2,
    p90: at(0.9),
    min: s[0],
    max: s.at(-1)!,
  };
}

async function waitFor(url: string, server: ChildProcess, timeoutMs = 90_000) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (server.exitCode !== null) throw new Error("the server exited while starting");
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(";")[0]);
}

async function signIn(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = cookiesOf(csrf);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/profile` }),
  });
  await res.arrayBuffer();
  const session = cookiesOf(res).find((c) => c.startsWith("authjs.session-token="));
  if (!session) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return session;
}

async function timePage(base: string, cookie: string, page: { label: string; path: string; expect: string }): Promise<Timing> {
  const ms: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const t = performance.now();
    const res = await fetch(`${base}${page.path}`, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    const elapsed = performance.now() - t;
    if (res.status !== 200 || !body.includes(page.expect)) {
      throw new Error(`${page.path}: HTTP ${res.status}, ${body.includes(page.expect) ? "" : `no “${page.expect}” in the page`}`);
    }
    if (i >= warmups) ms.push(elapsed);
  }
  return { label: page.label, path: page.path, ms };
}

async function benchEngine(engine: Engine): Promise<{ engine: Engine; timings: Timing[]; plans: PlansOutput }> {
  console.log(`\n[${engine.name}] preparing the bench administrator and query plans…`);
  const plans = JSON.parse(
    run(tsx, ["--conditions=react-server", "bench/admin-plans.ts"], { DATABASE_URL: engine.url, KEYDESK_DATA_DIR: engine.dataDir }, true),
  ) as PlansOutput;
  console.log(`[${engine.name}] starting the console on port ${port}…`);
  const [command, args] = consoleServerCommand();
  const server = spawn(command, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: engine.url,
      KEYDESK_DATA_DIR: engine.dataDir,
      AUTH_SECRET: "bench-auth-secret-not-for-production",
      KEYDESK_KEY_PEPPER: "bench-key-pepper-not-for-production",
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: "",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    const base = `http://localhost:${port}`;
    await waitFor(`${base}/login`, server);
    const cookie = await signIn(base, plans.admin.email, plans.admin.password);
    const pages = [
      { label: "/admin/users (first page)", path: "/admin/users", expect: "newest first" },
      { label: `/admin/users (search "${plans.searchTerm}")`, path: `/admin/users?q=${plans.searchTerm}`, expect: "match" },
      {
        label: `/admin/users (page ${plans.latePage})`,
        path: `/admin/users?page=${plans.latePage}`,
        expect: `data-page="${plans.latePage}"`,
      },
      { label: "/admin/api-access", path: "/admin/api-access", expect: "with API access on" },
      { label: "/admin/api-access (expiring within 7 days)", path: "/admin/api-access?expiring=7", expect: "match these filters" },
      { label: "/admin/audit", path: "/admin/audit", expect: "newest first" },
      { label: "/admin/audit (action filter)", path: "/admin/audit?action=key.revoked", expect: "match these filters" },
    ];
    const timings: Timing[] = [];
    for (const page of pages) {
      const t = await timePage(base, cookie, page);
      const s = stats(t.ms);
      console.log(
        `[${engine.name}] ${page.label.padEnd(48)} median ${s.median.toFixed(1).padStart(6)} ms  p90 ${s.p90.toFixed(1).padStart(6)} ms`,
      );
      timings.push(t);
    }
    return { engine, timings, plans };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

async function main() {
  if (!flag("no-build") || !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("Building the console (next build)…");
    run(nextBin, ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
  }
  const results: Awaited<ReturnType<typeof benchEngine>>[] = [];
  for (const name of engines) results.push(await benchEngine(await prepareScaleData(name, { reseed: flag("reseed") })));

  const cpu = os.cpus();
  console.log(`\n=== Server render time of the administration pages (${runs} requests each after ${warmups} warm-ups, one at a time) ===`);
  console.log(
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? "CPU"}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; target: median ≤ ${TARGET_MS} ms`,
  );
  const header = ["page".padEnd(48), ...results.flatMap((r) => [`${r.engine.name} median`.padStart(16), "p90".padStart(8)]), "  target"];
  console.log(header.join(""));
  const labels = results[0]?.timings.map((t) => t.label) ?? [];
  labels.forEach((label, i) => {
    const cells = results.flatMap((r) => {
      const s = stats(r.timings[i].ms);
      return [`${s.median.toFixed(1)} ms`.padStart(16), `${s.p90.toFixed(1)}`.padStart(8)];
    });
    const ok = results.every((r) => stats(r.timings[i].ms).median <= TARGET_MS);
    console.log([label.padEnd(48), ...cells, ok ? "  ok" : "  OVER"].join(""));
  });

  for (const r of results) {
    console.log(
      `\n=== Query plans: ${r.engine.name} (${r.engine.name === "sqlite" ? "EXPLAIN QUERY PLAN" : "EXPLAIN ANALYZE"}; in-process time of each list, median of its runs) ===`,
    );
    for (const list of r.plans.lists) {
      console.log(`\n--- ${list.name}: ${stats(list.ms).median.toFixed(1)} ms in-process`);
      for (const st of list.statements) {
        console.log(
          `  ${st.sql
            .replace(/\s+/g, " ")
            .replace(/\(\?(,\?)+\)/g, "(…)")
            .replace(/\(\$\d+(,\s?\$\d+)+\)/g, "(…)")
            .slice(0, 220)}`,
        );
        console.log(
          st.plan
            .split("\n")
            .map((line) => `      ${line.replace(/'\{[^}]{60,}\}'/g, "'{…}'")}`)
            .join("\n"),
        );
      }
    }
  }
  const out = path.join(root, "bench", "results");
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `admin-pages-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      results.map((r) => ({ engine: r.engine.name, timings: r.timings, plans: r.plans.lists })),
      null,
      2,
    ),
  );
  console.log(`\nRaw numbers: ${path.relative(root, file)}`);
  const over = results.some((r) => r.timings.some((t) => stats(t.ms).median > TARGET_MS));
  process.exitCode = over ? 1 : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
