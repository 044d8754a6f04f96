// npm run bench:export [-- --db=sqlite,postgres]
//
// The credential report's CSV export (All keys → Export CSV) on the scale data (100,000 users,
// 300,000 keys): for each engine a throw-away database (lib/testing/test-database.ts; SQLite in
// a temporary folder, PostgreSQL a new database on the local server, dropped afterwards) is
// seeded with `npm run db:seed -- --scale`, then a child process streams every key through
// exportAllKeysCsv, reading the stream as the HTTP response would, and reports the time, the
// rows and bytes, its CPU time (on a loaded machine the wall-clock time stretches, the CPU time
// much less: compare the two before blaming the code), and its memory: RSS before the export starts, sampled every
// 100 ms and after every chunk while it streams, and the peak.
//
// Targets: all 300,000 keys in ≤ 10 s, and memory flat: the peak RSS while streaming at most
// START_MB above the RSS before the export started (the first pages open the connection, load
// the CSV code and grow V8's young generation to its working size), and no growth with the
// number of keys: the highest RSS sampled in the second half of the stream at most GROWTH_MB
// above the highest of the first half.
//
// `--child` alone runs one measurement against DATABASE_URL (data already seeded) and prints it
// as JSON.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { run } from "./scale-data";

const TARGET_MS = 10_000;
const START_MB = 64;
const GROWTH_MB = 8;
const EXPECTED_KEYS = 300_000;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const mb = (bytes: number) => bytes / 2 ** 20;

type Measurement = {
  keys: number;
  rows: number;
  bytes: number;
  ms: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  startMb: number;
  firstChunkMb: number;
  peakMb: number;
  endMb: number;
  /** RSS sampled every 100 ms while streaming, in MB. */
  samplesMb: number[];
};

async function child() {
  const { db } = await import("../lib/db/client");
  const { loadActor } = await import("../lib/auth/actor");
  const { exportAllKeysCsv } = await import("../lib/admin/all-keys");
  const { ADMIN_ROLE_ID } = await import("../lib/auth/authorities");
  const admin = await db.userRole.findFirst({ where: { roleId: ADMIN_ROLE_ID }, select: { userId: true } });
  const actor = admin && (await loadActor(admin.userId));
  if (!actor) throw new Error("the scale data has no administrator");
  const keys = await db.apiKey.count();
  const samples: number[] = [];
  let peak = 0;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    peak = Math.max(peak, rss);
    return rss;
  };
  const startRss = sample();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const sampler = setInterval(() => samples.push(mb(sample())), 100);
  const reader = (await exportAllKeysCsv(actor, {}, { ip: null, userAgent: "bench" })).getReader();
  let bytes = 0;
  let lines = 0;
  let firstChunkRss = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    // TypedArray#indexOf: a Buffer view made per chunk here grew the heap by itself.
    for (let at = value.indexOf(10); at !== -1; at = value.indexOf(10, at + 1)) lines += 1;
    const rss = sample();
    firstChunkRss ||= rss;
  }
  const ms = performance.now() - start;
  clearInterval(sampler);
  const used = process.cpuUsage(cpu);
  const endRss = sample();
  const out: Measurement = {
    keys,
    rows: lines - 1,
    bytes,
    ms,
    cpuUserMs: used.user / 1000,
    cpuSystemMs: used.system / 1000,
    startMb: mb(startRss),
    firstChunkMb: mb(firstChunkRss),
    peakMb: mb(peak),
    endMb: mb(endRss),
    samplesMb: samples.map((s) => Math.round(s)),
  };
  console.log(JSON.stringify(out));
  await db.$disconnect();
}

async function measure(name: "sqlite" | "postgres"): Promise<Measurement> {
  const { createTestDatabase } = await import("../lib/testing/test-database");
  const database = await createTestDatabase(name, "export");
  try {
    const env = { DATABASE_URL: database.url, KEYDESK_DATA_DIR: database.dataDir };
    run(tsx, ["--conditions=react-server", "scripts/seed.ts", "--scale"], env);
    const out = spawnSync(tsx, ["--conditions=react-server", "bench/export-keys.ts", "--child"], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (out.status !== 0) throw new Error(`the export on ${name} failed`);
    return JSON.parse(out.stdout.trim().split("\n").at(-1) ?? "{}");
  } finally {
    await database.drop();
  }
}

async function main() {
  const engines = (arg("db") ?? "sqlite,postgres").split(",").map((e) => e.trim()) as ("sqlite" | "postgres")[];
  const table: string[][] = [];
  let pass = true;
  for (const name of engines) {
    const r = await measure(name);
    const fast = r.ms <= TARGET_MS;
    const half = Math.ceil(r.samplesMb.length / 2);
    const firstHalfMb = Math.max(r.firstChunkMb, ...r.samplesMb.slice(0, half));
    const secondHalfMb = Math.max(0, ...r.samplesMb.slice(half));
    const growthMb = secondHalfMb - firstHalfMb;
    const flat = r.peakMb - r.startMb <= START_MB && growthMb <= GROWTH_MB;
    const complete = r.rows === r.keys && r.keys === EXPECTED_KEYS;
    pass &&= fast && flat && complete;
    console.log(
      `${name}: ${r.rows.toLocaleString("en-US")} rows of ${r.keys.toLocaleString("en-US")} keys in ${(r.ms / 1000).toFixed(2)} s ` +
        `(CPU ${(r.cpuUserMs / 1000).toFixed(2)} s user, ${(r.cpuSystemMs / 1000).toFixed(2)} s system); ` +
        `RSS ${r.startMb.toFixed(0)} MB at start, ${r.firstChunkMb.toFixed(0)} MB after the first chunk, peak ${r.peakMb.toFixed(0)} MB ` +
        `(+${(r.peakMb - r.startMb).toFixed(0)} over start, bound +${START_MB}); highest in the first half ${firstHalfMb.toFixed(0)} MB, ` +
        `in the second ${secondHalfMb.toFixed(0)} MB (${growthMb >= 0 ? "+" : ""}${growthMb.toFixed(0)}, bound +${GROWTH_MB}), ` +
        `${r.endMb.toFixed(0)} MB at the end; sampled every 100 ms while streaming: ${r.samplesMb.join(" ")}`,
    );
    table.push([
      name,
      r.rows.toLocaleString("en-US"),
      (r.ms / 1000).toFixed(2),
      ((r.cpuUserMs + r.cpuSystemMs) / 1000).toFixed(2),
      Math.round(r.rows / (r.ms / 1000)).toLocaleString("en-US"),
      mb(r.bytes).toFixed(1),
      r.startMb.toFixed(0),
      r.firstChunkMb.toFixed(0),
      `${Math.min(...r.samplesMb, r.peakMb).toFixed(0)}–${r.peakMb.toFixed(0)}`,
      `+${(r.peakMb - r.startMb).toFixed(0)}`,
      `${firstHalfMb.toFixed(0)} → ${secondHalfMb.toFixed(0)}`,
      complete ? (fast ? "PASS" : "FAIL") : "FAIL (rows missing)",
      flat ? "PASS" : "FAIL",
    ]);
  }
  console.log(
    `| Engine | Rows | Seconds | CPU s (user + system) | Rows/s | CSV MB | RSS at start MB | after 1st chunk MB | while streaming MB | peak over start MB | highest 1st → 2nd half MB | ≤ 10 s | Flat (≤ +${START_MB}, ≤ +${GROWTH_MB}) |`,
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
  for (const r of table) console.log(`| ${r.join(" | ")} |`);
  if (!pass) process.exitCode = 1;
}

if (process.argv.includes("--child")) await child();
else await main();
