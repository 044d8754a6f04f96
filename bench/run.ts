// npm run bench – key verification throughput, measured in one run on this machine.
//
// Seeds a SQLite database (100,000 keys across 10,000 users), starts on it
//   - the dedicated API process (npm run start:api),
//   - the console (scripts/console-server.ts, production build) serving the same API at /api/v1,
//   - the reference: bare node:http + better-sqlite3 prepared statement + HMAC-SHA256 doing the
//     same check (bench/reference-server.ts);
// and beside them, on copies of the same users, keys and tokens:
//   - the dedicated API process of Keydesk from just before the key controls (bench/baseline.ts:
//     the commit materialised in a temporary directory with its own schema and seed), to judge
//     what they cost a key that uses none of them; skipped, with the reason, when the commit is
//     not in the clone;
//   - a dedicated API process on a copy of the database in which every key, the caller's
//     included, has an IP allowlist and a rate limit too high to be reached (bench/key-controls.ts),
//     counting in memory; and another counting in Redis (KEYDESK_TEST_REDIS, by default
//     redis://127.0.0.1:6379; skipped when it does not answer), with Redis's commands and round
//     trips per request read from INFO commandstats around each round. These two are sent what
//     a gateway whose keys have controls sends: the client's address and consumeRateLimit;
// and, when a PostgreSQL server is reachable (KEYDESK_TEST_PG_URL, by default the local one), a
// throw-away PostgreSQL database seeded with the same users, keys and tokens, with two dedicated
// API processes on it: loaded alone (one or the other, round by round, so both caches are as
// warm as when they serve together), then both at once (each by its own autocannon with half the
// connections; their req/s added up). The database is dropped at the end.
//
// Load: autocannon, 50 connections, POST /api/v1/verify with the caller's key, the key to check
// drawn from a Zipf distribution over all 100,000 keys (or, for the unknown rows, a fresh
// well-formed but unknown key every request). Each target is warmed up, then measured in several
// rounds, the targets alternating within each round. Prints req/s, p50, p99, CPU time per
// request - of the server processes (utime + stime from /proc/<pid>/stat over each round) and,
// for PostgreSQL, of the server processes serving the benchmark's database (its backends) -,
// the peak RSS of each server process, and the ratios the targets are judged by.
//
// Options: --rounds N (4), --seconds S per round (5), --warmup S (3), --connections C (50),
//          --no-console (skip the console mount and its build), --no-postgres, --no-baseline,
//          --baseline REV (measure that commit as "before key controls"), --no-redis.
// Ports 3360-3367 (BENCH_PORT_BASE to move them). Results also go to bench/results/.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { Redis } from "ioredis";
import pg from "pg";
import { generateToken } from "../lib/keys/token";
import { createTestDatabase, type TestDatabase, testPgAdminUrl } from "../lib/testing/test-database";
import { buildIfStale, childEnv, consoleServerCommand } from "../scripts/console-build";
import { type Baseline, materializeBaseline, seedBaseline } from "./baseline";
import {
  type CommandCounts,
  commandsBetween,
  connectRedisStats,
  keyControlsBodies,
  redisCommandCounts,
  redisRoundTrips,
  writeKeyControlsCopy,
} from "./key-controls";
import { makeBenchData, writeBenchPostgres, writeBenchSqlite } from "./seed";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("rounds", 4);
const SECONDS = option("seconds", 5);
const WARMUP = option("warmup", 3);
const CONNECTIONS = option("connections", 50);
const WITH_CONSOLE = !args.includes("--no-console");
const WITH_POSTGRES = !args.includes("--no-postgres");
const WITH_BASELINE = !args.includes("--no-baseline");
const BASELINE_REV = args.includes("--baseline") ? args[args.indexOf("--baseline") + 1] : null;
const WITH_REDIS = !args.includes("--no-redis");
const REDIS_URL = process.env.KEYDESK_TEST_REDIS ?? "redis://127.0.0.1:6379";
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3360);
const USERS = 10_000;
const KEYS_PER_USER = 10;
const ZIPF_S = 1.0;
const DEDICATED = "Keydesk verify, dedicated process";
const BEFORE_KEY_CONTROLS = "Keydesk verify, dedicated, before key controls";
const KEY_CONTROLS_MEMORY = "Keydesk verify, dedicated, allowlist + rate limit on every key (memory)";
const KEY_CONTROLS_REDIS = "Keydesk verify, dedicated, allowlist + rate limit on every key (Redis)";

/** Where one round's load goes. */
type Setup = {
  /** One autocannon per URL, all at once, sharing the connections. */
  urls: string[];
  /** The server processes whose CPU time the requests cost. */
  pids: () => number[];
};
type Target = {
  name: string;
  /** Round r (and warm-up r) uses setups[r % setups.length]. */
  setups: Setup[];
  /** PostgreSQL database whose backends also work for this target. */
  pgDatabase?: string;
  /** The next request's body. */
  body: () => string;
  /** Counts in Redis: its commands are read around each round. */
  redis?: boolean;
};
type Round = {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  requests: number;
  cpuMs: number;
  pgCpuMs: number | null;
  /** Redis commands processed during the round, per command (Redis targets only). */
  redisCommands: CommandCounts | null;
};

const root = process.cwd();
const work = mkdtempSync(path.join(os.tmpdir(), "keydesk-bench-"));
const sqliteFile = path.join(work, "keydesk.db");
const controlsFile = path.join(work, "keydesk-key-controls.db");
const baselineFile = path.join(work, "keydesk-before-key-controls.db");
const pepper = `bench-pepper-${Math.random().toString(36).slice(2)}`;
const children: ChildProcess[] = [];
let pgDatabase: TestDatabase | null = null;
let pgObserver: pg.Client | null = null;
let redisStats: Redis | null = null;

function log(message: string) {
  process.stdout.write(`${message}\n`);
}

/** Zipf(s) sampler over n items, most popular first, mapped through a random permutation. */
function zipfSampler(n: number, s: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** s;
    cdf[i] = sum;
  }
  const permutation = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [permutation[i], permutation[j]] = [permutation[j], permutation[i]];
  }
  return () => {
    const u = Math.random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return permutation[lo];
  };
}

function startProcess(
  name: string,
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  cwd = root,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ["ignore", "pipe", "pipe"], cwd });
    children.push(child);
    let output = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}):\n${output}`));
    });
  });
}

/** Peak resident set size of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, all threads) a process has used so far, in ms; null once it is gone. */
function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): state is the 3rd, utime the 14th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** The PostgreSQL server processes (backends, autovacuum workers) serving `database` now. */
async function pgBackendPids(database: string): Promise<number[]> {
  const { rows } = await pgObserver!.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database]);
  return rows.map((r) => r.pid);
}

type CpuSample = { api: Map<number, number>; pg: Map<number, number> | null };

async function sampleCpu(target: Target, setup: Setup): Promise<CpuSample> {
  const read = (pids: number[]) =>
    new Map(
      pids.flatMap((pid) => {
        const ms = cpuMs(pid);
        return ms === null ? [] : [[pid, ms] as [number, number]];
      }),
    );
  return { api: read(setup.pids()), pg: target.pgDatabase ? read(await pgBackendPids(target.pgDatabase)) : null };
}

/** CPU used between two samples; processes that appeared in between count from zero. */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** Waits until `url` answers 200 (the console and API processes serve in the process we spawned). */
async function waitForHttp(url: string, init: RequestInit) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(url, init);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} never answered 200`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function load(target: Target, round: number, seconds: number, callerToken: string): Promise<Round> {
  const setup = target.setups[round % target.setups.length];
  const redisBefore = target.redis ? await redisCommandCounts(redisStats!) : null;
  const before = await sampleCpu(target, setup);
  const results = await Promise.all(
    setup.urls.map((url) =>
      autocannon({
        url,
        connections: Math.round(CONNECTIONS / setup.urls.length),
        duration: seconds,
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${callerToken}` },
        requests: [
          {
            setupRequest: (req) => {
              req.body = target.body();
              return req;
            },
          },
        ],
      }),
    ),
  );
  const after = await sampleCpu(target, setup);
  const redisAfter = target.redis ? await redisCommandCounts(redisStats!) : null;
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    // Several loaders: the slowest one's percentiles (a conservative merge).
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    requests: results.reduce((sum, r) => sum + r.requests.total, 0),
    cpuMs: cpuBetween(before.api, after.api),
    pgCpuMs: before.pg && after.pg ? cpuBetween(before.pg, after.pg) : null,
    redisCommands: redisBefore && redisAfter ? commandsBetween(redisBefore, redisAfter) : null,
  };
}

/** Redis commands of the rounds per request: round trips, all commands, and each command. */
function perRequest(rs: Round[]): { roundTrips: number; commands: number; byCommand: Record<string, number> } {
  const requests = rs.reduce((a, b) => a + b.requests, 0);
  const total: CommandCounts = new Map();
  for (const r of rs) for (const [command, n] of r.redisCommands ?? []) total.set(command, (total.get(command) ?? 0) + n);
  const byCommand = Object.fromEntries([...total].sort((a, b) => b[1] - a[1]).map(([command, n]) => [command, n / requests]));
  return {
    roundTrips: redisRoundTrips(total) / requests,
    commands: [...total.values()].reduce((a, b) => a + b, 0) / requests,
    byCommand,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A PostgreSQL server to measure against, or null (with the reason printed). */
async function reachablePostgres(): Promise<string | null> {
  if (!WITH_POSTGRES) return null;
  const url = testPgAdminUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch (error) {
    log(
      `PostgreSQL not reachable at ${url.replace(/\/\/[^@/]*@/, "//…@")} (${error instanceof Error ? error.message : error}): PostgreSQL rows skipped.`,
    );
    return null;
  }
}

async function main() {
  log(`Keydesk verification benchmark · ${os.cpus().length} cores · node ${process.version}`);
  const pgAdminUrl = await reachablePostgres();
  log(`Seeding ${USERS * KEYS_PER_USER} keys across ${USERS} users…`);
  let t0 = Date.now();
  const data = makeBenchData(pepper, USERS, KEYS_PER_USER);
  const { tokens, callerToken } = data;
  await writeBenchSqlite(sqliteFile, data);
  // Copied before any process opens the original (they write usage into it).
  writeKeyControlsCopy(sqliteFile, controlsFile);
  log(`  SQLite done in ${((Date.now() - t0) / 1000).toFixed(1)} s (and a copy with an allowlist and a rate limit on every key)`);
  if (pgAdminUrl) {
    t0 = Date.now();
    // A throw-away database on the local test server (createTestDatabase refuses remote ones).
    pgDatabase = await createTestDatabase("postgres", "bench", { migrate: false });
    await writeBenchPostgres(pgDatabase.url, data);
    pgObserver = new pg.Client({ connectionString: pgAdminUrl, application_name: "keydesk-bench" });
    await pgObserver.connect();
    log(`  PostgreSQL done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const env: NodeJS.ProcessEnv = {
    ...childEnv(),
    NODE_ENV: "production",
    DATABASE_URL: `file:${sqliteFile}`,
    KEYDESK_DATA_DIR: work,
    KEYDESK_KEY_PEPPER: pepper,
    AUTH_SECRET: "bench-auth-secret",
    KEYDESK_ADMIN_PASSWORD: undefined,
    // Only the Redis row counts in Redis, whatever the shell has set.
    KEYDESK_REDIS_URL: undefined,
  };

  let baseline: Baseline | null = null;
  if (WITH_BASELINE) {
    t0 = Date.now();
    const found = materializeBaseline(root, path.join(work, "baseline"), BASELINE_REV);
    if ("skip" in found) log(`Before key controls: ${found.skip}; its row is skipped.`);
    else {
      try {
        seedBaseline(found, baselineFile, data, env);
        baseline = found;
      } catch (error) {
        log(
          `Before key controls: seeding ${found.commit.slice(0, 10)} failed (${error instanceof Error ? error.message : error}); its row is skipped.`,
        );
      }
    }
    if (baseline) {
      log(
        `  Before key controls: ${baseline.commit.slice(0, 10)} (${baseline.subject.slice(0, 60)}), materialised and seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
  }
  if (WITH_REDIS) {
    const connected = await connectRedisStats(REDIS_URL);
    if ("skip" in connected)
      log(`Redis does not answer at ${REDIS_URL.replace(/\/\/[^@/]*@/, "//…@")} (${connected.skip}): its row is skipped.`);
    else redisStats = connected.redis;
  }

  const sample = zipfSampler(tokens.length, ZIPF_S);
  const known = () => tokens[sample()];
  // Pre-generated so drawing one costs the load generator what drawing a known key costs.
  const unknownPool = Array.from({ length: 200_000 }, () => generateToken().token);
  let nextUnknown = 0;
  const unknown = () => unknownPool[nextUnknown++ % unknownPool.length];

  const controlsBodies = keyControlsBodies(tokens);
  const apiPort = PORT_BASE;
  const consolePort = PORT_BASE + 1;
  const referencePort = PORT_BASE + 2;
  const pgPorts = [PORT_BASE + 3, PORT_BASE + 4];
  const baselinePort = PORT_BASE + 5;
  const controlsPort = PORT_BASE + 6;
  const controlsRedisPort = PORT_BASE + 7;

  const startApi = (name: string, port: number, extra: Record<string, string> = {}, cwd = root) =>
    startProcess(
      name,
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/start-api.ts"],
      { ...env, ...extra, KEYDESK_API_PORT: String(port), KEYDESK_API_HOST: "127.0.0.1" },
      /listening on/,
      cwd,
    );
  const api = await startApi("dedicated API", apiPort);
  // The same process of the commit before the key controls, from its own directory.
  const baselineApi = baseline
    ? await startApi("dedicated API before key controls", baselinePort, { DATABASE_URL: `file:${baselineFile}` }, baseline.dir).catch(
        (error) => {
          log(
            `Before key controls: its API process did not start (${error instanceof Error ? error.message : error}); its row is skipped.`,
          );
          return null;
        },
      )
    : null;
  const controlsApi = await startApi("dedicated API, key controls", controlsPort, { DATABASE_URL: `file:${controlsFile}` });
  const controlsRedisApi = redisStats
    ? await startApi("dedicated API, key controls in Redis", controlsRedisPort, {
        DATABASE_URL: `file:${controlsFile}`,
        KEYDESK_REDIS_URL: REDIS_URL,
        KEYDESK_REDIS_PREFIX: `keydesk-bench:${process.pid}`,
      })
    : null;
  const reference = await startProcess(
    "reference",
    process.execPath,
    ["--import", "tsx", "bench/reference-server.ts"],
    { ...env, BENCH_SQLITE_FILE: sqliteFile, BENCH_PORT: String(referencePort) },
    /listening on/,
  );
  let consoleServer: ChildProcess | null = null;
  if (WITH_CONSOLE) {
    buildIfStale();
    const [command, argv] = consoleServerCommand();
    consoleServer = await startProcess(
      "console",
      command,
      argv,
      { ...env, PORT: String(consolePort), KEYDESK_CONSOLE_HOST: "127.0.0.1" },
      /listening on/,
    );
  }
  const pgApis: ChildProcess[] = [];
  if (pgDatabase) {
    for (const [i, port] of pgPorts.entries())
      pgApis.push(await startApi(`dedicated API ${i + 1} on PostgreSQL`, port, { DATABASE_URL: pgDatabase.url }));
  }

  const verifyInit = (url: string) =>
    waitForHttp(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${callerToken}` },
      body: JSON.stringify({ key: tokens[0] }),
    });
  const verifyUrl = (port: number) => `http://127.0.0.1:${port}/api/v1/verify`;
  const pgName = pgDatabase ? new URL(pgDatabase.url).pathname.slice(1) : undefined;
  const one = (port: number, pid: () => number | undefined): Setup => ({ urls: [verifyUrl(port)], pids: () => [pid()!] });
  const knownBody = () => `{"key":"${known()}"}`;
  const unknownBody = () => `{"key":"${unknown()}"}`;
  const controlsBody = () => controlsBodies[sample()];
  const targets: Target[] = [
    { name: DEDICATED, setups: [one(apiPort, () => api.pid)], body: knownBody },
    // Beside the dedicated row, so that both see the same moments of a shared machine.
    ...(baselineApi ? [{ name: BEFORE_KEY_CONTROLS, setups: [one(baselinePort, () => baselineApi.pid)], body: knownBody }] : []),
    { name: KEY_CONTROLS_MEMORY, setups: [one(controlsPort, () => controlsApi.pid)], body: controlsBody },
    ...(controlsRedisApi
      ? [{ name: KEY_CONTROLS_REDIS, setups: [one(controlsRedisPort, () => controlsRedisApi.pid)], body: controlsBody, redis: true }]
      : []),
    { name: "Keydesk unknown keys, dedicated process", setups: [one(apiPort, () => api.pid)], body: unknownBody },
    ...(consoleServer
      ? [{ name: "Keydesk verify, console mount", setups: [one(consolePort, () => consoleServer!.pid)], body: knownBody }]
      : []),
    {
      name: "Reference verify (node:http + SQLite)",
      setups: [{ urls: [`http://127.0.0.1:${referencePort}/verify`], pids: () => [reference.pid!] }],
      body: knownBody,
    },
    {
      name: "Reference unknown keys",
      setups: [{ urls: [`http://127.0.0.1:${referencePort}/verify`], pids: () => [reference.pid!] }],
      body: unknownBody,
    },
    ...(pgDatabase
      ? [
          {
            // Alternately on each of the two processes, so that both have served as many
            // requests (their caches are as warm) as when they serve together below.
            name: "PostgreSQL: verify, one process",
            setups: pgPorts.map((port, i) => one(port, () => pgApis[i].pid)),
            pgDatabase: pgName,
            body: knownBody,
          },
          {
            name: "PostgreSQL: verify, two processes",
            setups: [{ urls: pgPorts.map(verifyUrl), pids: () => pgApis.map((c) => c.pid!) }],
            pgDatabase: pgName,
            body: knownBody,
          },
        ]
      : []),
  ];
  for (const t of targets) for (const setup of t.setups) for (const url of setup.urls) await verifyInit(url);

  log(`Warm-up: ${WARMUP} s per target…`);
  for (const t of targets) {
    for (let i = 0; i < t.setups.length; i++) await load(t, i, WARMUP, callerToken);
  }

  const rounds = new Map<string, Round[]>(targets.map((t) => [t.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate the order so no target always runs right after the same neighbour.
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) {
      const round = await load(t, r, SECONDS, callerToken);
      rounds.get(t.name)!.push(round);
      log(
        `  round ${r + 1}/${ROUNDS} ${t.name}: ${Math.round(round.rps)} req/s, p99 ${round.p99} ms, ` +
          `CPU ${((round.cpuMs * 1000) / round.requests).toFixed(0)} µs/req` +
          (round.pgCpuMs !== null ? ` + PostgreSQL ${((round.pgCpuMs * 1000) / round.requests).toFixed(0)} µs/req` : "") +
          (round.redisCommands ? `, Redis ${(redisRoundTrips(round.redisCommands) / round.requests).toFixed(2)} round trips/req` : "") +
          (round.non2xx || round.errors ? ` (non-2xx ${round.non2xx}, errors ${round.errors})` : ""),
      );
    }
  }

  const rows = targets.map((t) => {
    const rs = rounds.get(t.name)!;
    const requests = rs.reduce((a, b) => a + b.requests, 0);
    return {
      name: t.name,
      rps: rs.reduce((a, b) => a + b.rps, 0) / rs.length,
      p50: median(rs.map((x) => x.p50)),
      p99: median(rs.map((x) => x.p99)),
      // CPU per request over all rounds: total CPU time / total requests, in µs.
      cpuUs: (rs.reduce((a, b) => a + b.cpuMs, 0) * 1000) / requests,
      pgCpuUs: t.pgDatabase ? (rs.reduce((a, b) => a + (b.pgCpuMs ?? 0), 0) * 1000) / requests : null,
      rssMb: Math.max(...t.setups.flatMap((setup) => setup.pids()).map(peakRssMb)),
      min: Math.min(...rs.map((x) => x.rps)),
      max: Math.max(...rs.map((x) => x.rps)),
      non2xx: rs.reduce((a, b) => a + b.non2xx, 0),
      errors: rs.reduce((a, b) => a + b.errors, 0),
      // Redis commands over all rounds, per request served, by command.
      redis: t.redis ? perRequest(rs) : null,
    };
  });
  const byName = new Map(rows.map((r) => [r.name, r]));
  const dedicated = byName.get(DEDICATED)!;
  const dedicatedUnknown = byName.get("Keydesk unknown keys, dedicated process")!;
  const beforeKeyControls = byName.get(BEFORE_KEY_CONTROLS);
  const keyControls = byName.get(KEY_CONTROLS_MEMORY)!;
  const keyControlsRedis = byName.get(KEY_CONTROLS_REDIS);
  const ref = byName.get("Reference verify (node:http + SQLite)")!;
  const pgOne = byName.get("PostgreSQL: verify, one process");
  const pgTwo = byName.get("PostgreSQL: verify, two processes");

  const header = ["Target", "req/s", "rounds min–max", "p50 ms", "p99 ms", "CPU µs/req", "PostgreSQL CPU µs/req", "peak RSS MB", "non-2xx"];
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  const table = rows.map((r) => [
    r.name,
    fmt(r.rps),
    `${fmt(r.min)}–${fmt(r.max)}`,
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    fmt(r.cpuUs),
    r.pgCpuUs === null ? "-" : fmt(r.pgCpuUs),
    r.rssMb.toFixed(0),
    String(r.non2xx + r.errors),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  log("");
  log(
    `${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s each (after ${WARMUP} s warm-up); req/s = mean of rounds, latencies = median of rounds; ` +
      `CPU = user + system time of the server process(es), and of the PostgreSQL backends serving the benchmark's database, per request served.`,
  );
  log(line(header));
  log(`|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`);
  for (const row of table) log(line(row));
  if (keyControlsRedis?.redis) {
    const { commands, roundTrips, byCommand } = keyControlsRedis.redis;
    log(
      `Redis, ${KEY_CONTROLS_REDIS.replace(/^Keydesk verify, dedicated, /, "")}: ${fmt(keyControlsRedis.rps)} req/s, p99 ${keyControlsRedis.p99.toFixed(1)} ms, ` +
        `${roundTrips.toFixed(2)} round trips and ${commands.toFixed(2)} commands per request ` +
        `(${Object.entries(byCommand)
          .map(([command, n]) => `${command} ${n.toFixed(2)}`)
          .join(", ")}; INFO commandstats, so other clients of a shared Redis count too).`,
    );
  }

  const consoleMount = byName.get("Keydesk verify, console mount");
  const refUnknown = byName.get("Reference unknown keys")!;
  // The targets (issue: the API as fast as the dedicated process from npm start, cheaper than
  // a database lookup): ratios within this one run, since absolute numbers drift with the load.
  const checks = [
    ...(consoleMount
      ? [
          {
            what: "console mount req/s ≥ 0.8 × dedicated",
            ratio: consoleMount.rps / dedicated.rps,
            ok: consoleMount.rps >= 0.8 * dedicated.rps,
          },
        ]
      : []),
    { what: "dedicated req/s ≥ 1.2 × reference", ratio: dedicated.rps / ref.rps, ok: dedicated.rps >= 1.2 * ref.rps },
    { what: "dedicated CPU/req ≤ 0.85 × reference", ratio: dedicated.cpuUs / ref.cpuUs, ok: dedicated.cpuUs <= 0.85 * ref.cpuUs },
    { what: "dedicated p99 ≤ reference p99", ratio: dedicated.p99 / ref.p99, ok: dedicated.p99 <= ref.p99 },
    {
      what: "unknown-key req/s ≥ 1.3 × valid-key req/s (dedicated)",
      ratio: dedicatedUnknown.rps / dedicated.rps,
      ok: dedicatedUnknown.rps >= 1.3 * dedicated.rps,
    },
    {
      what: "unknown-key CPU/req ≤ reference unknown-key CPU/req (no HMAC, no record)",
      ratio: dedicatedUnknown.cpuUs / refUnknown.cpuUs,
      ok: dedicatedUnknown.cpuUs <= refUnknown.cpuUs,
    },
    { what: "dedicated peak RSS ≤ 300 MB", ratio: dedicated.rssMb / 300, ok: dedicated.rssMb <= 300 },
    // Issue 13: keys that use no control cost what they did before the controls existed; keys
    // with an allowlist and a rate limit counted in memory, at most 15% more.
    ...(beforeKeyControls
      ? [
          {
            what: "dedicated req/s ≥ 0.95 × dedicated before key controls",
            ratio: dedicated.rps / beforeKeyControls.rps,
            ok: dedicated.rps >= 0.95 * beforeKeyControls.rps,
          },
        ]
      : []),
    {
      what: "allowlist + rate limit on every key (memory): req/s ≥ 0.85 × dedicated",
      ratio: keyControls.rps / dedicated.rps,
      ok: keyControls.rps >= 0.85 * dedicated.rps,
    },
    ...(pgOne && pgTwo
      ? [
          {
            what: "PostgreSQL, one process: req/s ≥ 0.35 × reference (SQLite)",
            ratio: pgOne.rps / ref.rps,
            ok: pgOne.rps >= 0.35 * ref.rps,
          },
          {
            what: "PostgreSQL, two processes: API CPU per request ≤ 1.2 × one process's",
            ratio: pgTwo.cpuUs / pgOne.cpuUs,
            ok: pgTwo.cpuUs <= 1.2 * pgOne.cpuUs,
          },
        ]
      : []),
  ];
  log("");
  for (const c of checks) log(`${c.ok ? "PASS" : "FAIL"}  ${c.what}  (ratio ${c.ratio.toFixed(2)})`);
  if (pgOne && pgTwo) {
    log(
      `      PostgreSQL CPU per request, two processes / one: ${(pgTwo.pgCpuUs! / pgOne.pgCpuUs!).toFixed(2)} ` +
        `(${fmt(pgTwo.pgCpuUs!)} / ${fmt(pgOne.pgCpuUs!)} µs); combined req/s, two processes / one: ${(pgTwo.rps / pgOne.rps).toFixed(2)}`,
    );
  }
  if (keyControlsRedis) {
    log(
      `      Reported, no target: allowlist + rate limit on every key (Redis): req/s ${(keyControlsRedis.rps / dedicated.rps).toFixed(2)} × dedicated, ` +
        `${(keyControlsRedis.rps / keyControls.rps).toFixed(2)} × the same in memory; p99 ${keyControlsRedis.p99.toFixed(1)} ms` +
        (keyControlsRedis.redis ? `; ${keyControlsRedis.redis.roundTrips.toFixed(2)} Redis round trips per request` : ""),
    );
  }
  log("Rounds of one target differ by up to ±10-35% on this machine; compare rows of one run, not across runs.");

  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const out = path.join(root, "bench", "results", `verify-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        cores: os.cpus().length,
        node: process.version,
        connections: CONNECTIONS,
        rounds: ROUNDS,
        seconds: SECONDS,
        beforeKeyControls: baseline ? { commit: baseline.commit, subject: baseline.subject } : null,
        rows,
        checks,
      },
      null,
      2,
    ),
  );
  log(`\nSaved ${path.relative(root, out)}`);
}

async function cleanup() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  }
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  await pgObserver?.end().catch(() => {});
  redisStats?.disconnect();
  await pgDatabase?.drop().catch((error) => console.error("Could not drop the benchmark's PostgreSQL database:", error));
  rmSync(work, { recursive: true, force: true });
}

main()
  .then(cleanup, async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await cleanup();
    process.exitCode = 1;
  })
  .finally(() => process.exit());
