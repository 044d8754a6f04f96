// npm run bench:rate-limits – what per-key rate limits cost on the verification path.
//
// Seeds one SQLite database (20,000 keys across 2,000 users) and a copy in which every key,
// the caller's included, has a rate limit too high to be reached (1,000,000 requests per
// minute), then runs three dedicated API processes side by side: no limits, limits counted in
// memory, limits counted in Redis (KEYDESK_TEST_REDIS, default redis://127.0.0.1:6379; skipped
// when it does not answer). Load: autocannon, 50 connections, POST /api/v1/verify with
// `consumeRateLimit: true` (the caller's key and the checked key each count: two limits per
// request), the checked key drawn uniformly; rounds alternate between the targets. Prints req/s,
// p50, p99 and, for Redis, the commands Redis processed per request (INFO stats).
//
// Options: --rounds N (3), --seconds S per round (5), --warmup S (2). Ports BENCH_PORT_BASE
// (3380) to +2.
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { childEnv } from "../scripts/console-build";
import { makeBenchData, writeBenchSqlite } from "./seed";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option("rounds", 3);
const SECONDS = option("seconds", 5);
const WARMUP = option("warmup", 2);
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 3380);
const REDIS_URL = process.env.KEYDESK_TEST_REDIS ?? "redis://127.0.0.1:6379";

const work = mkdtempSync(path.join(os.tmpdir(), "keydesk-bench-rl-"));
const children: ChildProcess[] = [];

function redisCommand(command: string): Promise<string | null> {
  const url = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port || 6379), url.hostname);
    let text = "";
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(null);
    });
    socket.on("error", () => resolve(null));
    socket.on("connect", () => socket.write(`${command}\r\n`));
    socket.on("data", (d) => {
      text += d.toString();
      if (text.startsWith("+") || (text.startsWith("$") && text.includes("\r\n", text.indexOf("\r\n") + 2))) {
        socket.end();
        resolve(text);
      }
    });
  });
}

async function redisCommandsProcessed(): Promise<number | null> {
  const info = await redisCommand("INFO stats");
  const match = info && /total_commands_processed:(\d+)/.exec(info);
  return match ? Number(match[1]) : null;
}

function start(name: string, port: number, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start-api.ts"], {
      env: { ...childEnv(), NODE_ENV: "production", KEYDESK_API_PORT: String(port), KEYDESK_API_HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on/.test(output)) resolve();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
}

async function load(port: number, seconds: number, callerToken: string, tokens: string[]) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/verify`,
    connections: 50,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${callerToken}` },
    requests: [
      {
        setupRequest: (req) => {
          req.body = `{"key":"${tokens[Math.floor(Math.random() * tokens.length)]}","consumeRateLimit":true}`;
          return req;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
  };
}

async function main() {
  const pepper = "bench-rate-limit-pepper";
  const data = makeBenchData(pepper, 2_000, 10);
  const plain = path.join(work, "plain.db");
  const limited = path.join(work, "limited.db");
  await writeBenchSqlite(plain, data);
  copyFileSync(plain, limited);
  const db = new Database(limited);
  db.prepare(`UPDATE "ApiKey" SET "rateLimitRequests" = 1000000, "rateLimitWindowSeconds" = 60`).run();
  db.close();

  const redisUp = (await redisCommand("PING"))?.startsWith("+PONG") ?? false;
  const base = { KEYDESK_KEY_PEPPER: pepper, AUTH_SECRET: "bench-auth-secret", KEYDESK_DATA_DIR: work, KEYDESK_API_FAILED_AUTH_BURST: "0" };
  const targets: { name: string; port: number; env: Record<string, string> }[] = [
    { name: "no rate limits", port: PORT_BASE, env: { ...base, DATABASE_URL: `file:${plain}` } },
    { name: "rate limit on every key, memory", port: PORT_BASE + 1, env: { ...base, DATABASE_URL: `file:${limited}` } },
    ...(redisUp
      ? [
          {
            name: "rate limit on every key, Redis",
            port: PORT_BASE + 2,
            env: {
              ...base,
              DATABASE_URL: `file:${limited}`,
              KEYDESK_REDIS_URL: REDIS_URL,
              KEYDESK_REDIS_PREFIX: `keydesk-bench:${process.pid}`,
            },
          },
        ]
      : []),
  ];
  if (!redisUp) console.log(`Redis does not answer at ${REDIS_URL}: its row is skipped.`);
  await Promise.all(targets.map((t) => start(t.name, t.port, t.env)));
  for (const t of targets) await load(t.port, WARMUP, data.callerToken, data.tokens);

  const rounds = new Map<string, { rps: number; p50: number; p99: number; perRequest: number | null }[]>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of r % 2 ? [...targets].reverse() : targets) {
      const before = t.env.KEYDESK_REDIS_URL ? await redisCommandsProcessed() : null;
      const result = await load(t.port, SECONDS, data.callerToken, data.tokens);
      if (result.non2xx > 0) throw new Error(`${t.name}: ${result.non2xx} non-2xx answers`);
      const after = t.env.KEYDESK_REDIS_URL ? await redisCommandsProcessed() : null;
      const perRequest = before !== null && after !== null ? (after - before) / result.total : null;
      rounds.set(t.name, [...(rounds.get(t.name) ?? []), { ...result, perRequest }]);
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const reference = median((rounds.get(targets[0].name) ?? []).map((r) => r.rps));
  console.log(`\nPOST /api/v1/verify with consumeRateLimit, 50 connections, ${ROUNDS} rounds of ${SECONDS} s (medians):\n`);
  console.log("| Target | req/s | vs no limits | p50 ms | p99 ms | Redis commands/request |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const t of targets) {
    const rs = rounds.get(t.name) ?? [];
    const rps = median(rs.map((r) => r.rps));
    const per = rs[0]?.perRequest === null ? "-" : median(rs.map((r) => r.perRequest ?? 0)).toFixed(2);
    console.log(
      `| ${t.name} | ${Math.round(rps).toLocaleString("en-US")} | ${(rps / reference).toFixed(2)} | ${median(rs.map((r) => r.p50))} | ${median(rs.map((r) => r.p99))} | ${per} |`,
    );
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const child of children) child.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });
