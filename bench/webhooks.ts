// npm run bench:webhooks – webhook delivery measured in one run on this machine, on SQLite and
// (when reachable at KEYDESK_TEST_PG_URL) on a throw-away PostgreSQL database:
//   - throughput: 2,000 events queued for 20 subscriptions, delivered by one worker process
//     (scripts/worker.ts, as `npm start` runs it) to a local receiver; deliveries per second;
//   - latency: key changes committed at a paced 100 per second for 10 s, after that backlog is
//     drained, with that worker process running, then again with a worker inside the committing
//     process (for comparison: `npm start` runs its worker as a child process); time from each commit to its receipt (p50, p99);
//   - outbox cost: issuing and then revoking a key, for users without and with a webhook that
//     wants both events (interleaved, 150 of each), mean time per issue + revoke.
// Targets: ≥ 200 deliveries/s, p99 ≤ 1 s, outbox ≤ +10%. Each engine runs in a child process
// (one Prisma client per process); the receiver runs in that child, the worker beside it.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const root = process.cwd();
const child = process.argv.find((a) => a.startsWith("--child="))?.slice(8) as "sqlite" | "postgres" | undefined;
const THROUGHPUT_EVENTS = 2_000;
const SUBSCRIPTIONS = 20;
const RATE = 100;
const LATENCY_SECONDS = 10;
const OVERHEAD_ROUNDS = 150;

type Result = {
  engine: string;
  perSecond: number;
  p50: number;
  p99: number;
  received: number;
  /** The same with the worker inside the committing process. */
  inP50: number;
  inP99: number;
  inReceived: number;
  /** Commits per second actually reached in each latency phase (the pace asked is RATE). */
  rate: number;
  inRate: number;
  sent: number;
  plainMs: number;
  hookedMs: number;
};

const percentile = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(engine: "sqlite" | "postgres"): Promise<Result> {
  const { createTestDatabase } = await import("../lib/testing/test-database");
  const database = await createTestDatabase(engine, "bench_wh");
  Object.assign(process.env, {
    DATABASE_URL: database.url,
    KEYDESK_DATA_DIR: database.dataDir,
    AUTH_SECRET: "bench-auth-secret",
    KEYDESK_KEY_PEPPER: "bench-key-pepper",
    KEYDESK_ALLOW_HTTP_WEBHOOKS: "1",
  });
  const { db, transaction } = await import("../lib/db/client");
  const { createTestUser, keyInput } = await import("../lib/testing/fixtures");
  const { createWebhook } = await import("../lib/webhooks/subscriptions");
  const { appendEvent } = await import("../lib/webhooks/enqueue");
  const { setApiAccess } = await import("../lib/keys/set-api-access");
  const { issueApiKey } = await import("../lib/keys/issue-api-key");
  const { revokeApiKey } = await import("../lib/keys/revoke-api-key");
  const { NO_REQUEST } = await import("../lib/audit/write-audit");
  const { WebhookWorker } = await import("../lib/webhooks/worker");

  const received = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const event = JSON.parse(body) as { sequence: number; data: { user?: { id: string } } };
      received.set(`${event.data.user?.id ?? "?"}:${event.sequence}`, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

  const users: { user: Awaited<ReturnType<typeof createTestUser>>; webhookId: string; seq: number; on: boolean }[] = [];
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const user = await createTestUser({ apiAccess: true });
    const { webhook } = await createWebhook(
      user,
      { url, description: "", events: ["api_access.enabled", "api_access.disabled"], expiringDays: 7 },
      NO_REQUEST,
    );
    users.push({ user, webhookId: webhook.id, seq: 0, on: true });
  }

  // Throughput: queue everything first, then let one worker process drain it.
  for (let i = 0; i < THROUGHPUT_EVENTS; i += 100) {
    await transaction(async (tx) => {
      for (let j = i; j < i + 100; j++) {
        const u = users[j % SUBSCRIPTIONS]!;
        u.seq += 1;
        await appendEvent(tx, u.webhookId, "api_access.enabled", { user: { id: u.user.id } });
      }
    });
  }
  const worker: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "worker.ts")],
    {
      env: { ...process.env, NODE_OPTIONS: "" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const started = performance.now();
  while (received.size < THROUGHPUT_EVENTS && performance.now() - started < 120_000) await sleep(20);
  const firstAt = Math.min(...received.values());
  const lastAt = Math.max(...received.values());
  const perSecond = (received.size - 1) / ((lastAt - firstAt) / 1000);

  // Latency at a steady, paced rate of committed key changes (100 a second, each commit at its
  // own slot, whatever the previous ones took), once the throughput backlog is drained: first
  // with that worker process (woken by NOTIFY on PostgreSQL, by its poll on SQLite), then with a
  // worker inside this process, as `npm start` runs one beside the console (woken by the commit).
  const latency = async () => {
    const committed = new Map<string, number>();
    const t0 = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < sent; i++) {
      const due = t0 + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const u = users[i % SUBSCRIPTIONS]!;
      u.on = !u.on;
      u.seq += 1;
      const key = `${u.user.id}:${u.seq}`;
      inFlight.push(setApiAccess(u.user, u.on, NO_REQUEST).then(() => void committed.set(key, performance.now())));
      if (inFlight.length > 50) await inFlight.shift();
    }
    await Promise.all(inFlight);
    rates.push(sent / ((performance.now() - t0) / 1000));
    const deadline = performance.now() + 30_000;
    while ([...committed.keys()].some((k) => !received.has(k)) && performance.now() < deadline) await sleep(20);
    return [...committed].filter(([k]) => received.has(k)).map(([k, at]) => (received.get(k) ?? at) - at);
  };
  const sent = RATE * LATENCY_SECONDS;
  const rates: number[] = [];
  const separate = await latency();
  worker.kill("SIGTERM");
  await new Promise((r) => worker.once("exit", r));
  const inProcessWorker = new WebhookWorker({ allowLocal: true });
  inProcessWorker.start();
  const inProcess = await latency();
  await inProcessWorker.stop();
  // Outbox cost: the same issue + revoke for a user without and a user with a webhook.
  const plain = await createTestUser({ apiAccess: true });
  const hooked = await createTestUser({ apiAccess: true });
  await createWebhook(hooked, { url, description: "", events: ["api_key.created", "api_key.revoked"], expiringDays: 7 }, NO_REQUEST);
  const cycle = async (user: typeof plain) => {
    const t = performance.now();
    const { key } = await issueApiKey(user, keyInput(), NO_REQUEST);
    await revokeApiKey(user, { keyId: key.id }, NO_REQUEST);
    return performance.now() - t;
  };
  for (let i = 0; i < 20; i++) await cycle(i % 2 ? plain : hooked); // warm-up
  const times = { plain: [] as number[], hooked: [] as number[] };
  for (let i = 0; i < OVERHEAD_ROUNDS; i++) {
    times.plain.push(await cycle(plain));
    times.hooked.push(await cycle(hooked));
  }
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

  server.close();
  await db.$disconnect();
  await database.drop();
  return {
    engine,
    perSecond,
    p50: percentile(separate, 0.5),
    p99: percentile(separate, 0.99),
    received: separate.length,
    inP50: percentile(inProcess, 0.5),
    inP99: percentile(inProcess, 0.99),
    inReceived: inProcess.length,
    rate: rates[0] ?? 0,
    inRate: rates[1] ?? 0,
    sent,
    plainMs: mean(times.plain),
    hookedMs: mean(times.hooked),
  };
}

async function pgReachable(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: process.env.KEYDESK_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres",
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main() {
  if (child) {
    console.log(`RESULT ${JSON.stringify(await measure(child))}`);
    process.exit(0);
  }
  const engines: ("sqlite" | "postgres")[] = ["sqlite", ...((await pgReachable()) ? (["postgres"] as const) : [])];
  const results: Result[] = [];
  for (const engine of engines) {
    console.log(`Measuring ${engine}…`);
    const out = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/webhooks.ts", `--child=${engine}`], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 16 << 20,
    });
    const line = out.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    if (!line) throw new Error(`${engine} run failed (${out.status})`);
    results.push(JSON.parse(line.slice(7)) as Result);
  }
  console.log(
    "\n| Engine | deliveries/s | worker | commits/s reached | p50 commit→receipt ms | p99 ms | received | issue+revoke ms, no webhook | with webhook | outbox cost |",
  );
  console.log("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of results) {
    const cost = (r.hookedMs / r.plainMs - 1) * 100;
    console.log(
      `| ${r.engine} | ${r.perSecond.toFixed(0)} | own process | ${r.rate.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.received}/${r.sent} | ${r.plainMs.toFixed(1)} | ${r.hookedMs.toFixed(1)} | ${cost >= 0 ? "+" : ""}${cost.toFixed(1)}% |`,
    );
    console.log(
      `| ${r.engine} | | in the committing process | ${r.inRate.toFixed(0)} | ${r.inP50.toFixed(0)} | ${r.inP99.toFixed(0)} | ${r.inReceived}/${r.sent} | | | |`,
    );
  }
  console.log("\nTargets: ≥ 200 deliveries/s; p99 ≤ 1000 ms at 100 events/s; outbox cost ≤ +10%.");
  console.log(
    `Load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}. A latency row whose commits/s stayed below ${RATE} measured a machine that could not keep the pace, not the worker.`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
