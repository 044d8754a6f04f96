// npm run bench:export [-- --db=sqlite,postgres] [--reseed]
//
// The credential report's CSV export on the scale data (300,000 keys): for each engine, the
// time to stream every key through exportAllKeysCsv and the process's memory while it streams
// (sampled every 100 ms). Targets: ≤ 10 s, and memory flat: the peak RSS while streaming at most
// 64 MB above the RSS after the first batch.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { prepareScaleData } from "./scale-data";

const TARGET_MS = 10_000;
const FLAT_MB = 64;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

async function child() {
  const { db } = await import("../lib/db/client");
  const { loadActor } = await import("../lib/auth/actor");
  const { exportAllKeysCsv } = await import("../lib/admin/all-keys");
  const { ADMIN_ROLE_ID } = await import("../lib/auth/authorities");
  const admin = await db.userRole.findFirst({ where: { roleId: ADMIN_ROLE_ID }, select: { userId: true } });
  const actor = admin && (await loadActor(admin.userId));
  if (!actor) throw new Error("the scale data has no administrator");
  const keys = await db.apiKey.count();
  const start = performance.now();
  const reader = (await exportAllKeysCsv(actor, {}, { ip: null, userAgent: "bench" })).getReader();
  let bytes = 0;
  let lines = 0;
  let firstBatchRss = 0;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    for (const b of value) if (b === 10) lines += 1;
    if (!firstBatchRss) firstBatchRss = process.memoryUsage().rss;
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const ms = performance.now() - start;
  console.log(JSON.stringify({ keys, rows: lines - 1, bytes, ms, firstBatchMb: firstBatchRss / 2 ** 20, peakMb: peakRss / 2 ** 20 }));
  await db.$disconnect();
}

async function main() {
  const engines = (arg("db") ?? "sqlite,postgres").split(",") as ("sqlite" | "postgres")[];
  const rows: string[][] = [];
  let pass = true;
  for (const name of engines) {
    const engine = await prepareScaleData(name, { reseed: process.argv.includes("--reseed") });
    const out = spawnSync(path.join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "bench/export-keys.ts", "--child"], {
      env: { ...process.env, DATABASE_URL: engine.url, KEYDESK_DATA_DIR: engine.dataDir },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (out.status !== 0) throw new Error(`export on ${name} failed`);
    const r = JSON.parse(out.stdout.trim().split("\n").at(-1) ?? "{}");
    const ok = r.rows === r.keys && r.ms <= TARGET_MS && r.peakMb - r.firstBatchMb <= FLAT_MB;
    pass &&= ok;
    rows.push([
      name,
      r.rows.toLocaleString("en-US"),
      (r.ms / 1000).toFixed(1),
      Math.round(r.rows / (r.ms / 1000)).toLocaleString("en-US"),
      (r.bytes / 2 ** 20).toFixed(1),
      r.firstBatchMb.toFixed(0),
      r.peakMb.toFixed(0),
      ok ? "PASS" : "FAIL",
    ]);
  }
  console.log("| Engine | Rows | Seconds | Rows/s | CSV MB | RSS after first batch MB | Peak RSS MB | ≤ 10 s, flat |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  if (!pass) process.exitCode = 1;
}

if (process.argv.includes("--child")) await child();
else await main();
