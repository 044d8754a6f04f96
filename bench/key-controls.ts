// The key-controls rows of npm run bench: every key (the caller's included) with an IP allowlist
// and a rate limit too high to be reached, counted in memory or in Redis, and what Redis did
// per request.
import { copyFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import { storedAllowlist } from "../lib/keys/ip-allowlist";
import { RATE_LIMIT_MAX_REQUESTS } from "../lib/keys/rate-limit";

/**
 * A few ranges of both families, as a deployment would list its networks; the load comes from
 * 127.0.0.1 (the caller's key) and each checked key is passed an address inside 10.0.0.0/8 or
 * 2001:db8::/32 (keyAddress).
 */
const ALLOWLIST = ["10.0.0.0/8", "127.0.0.0/8", "192.168.0.0/16", "::1/128", "2001:db8::/32", "fd00::/8"];
/** The most a key may allow (per second): never reached, so every answer stays a 200. */
const RATE_LIMIT = { requests: RATE_LIMIT_MAX_REQUESTS, windowSeconds: 1 };

/** A copy of the seeded database `source` (closed, checkpointed) in which every key has both controls. */
export function writeKeyControlsCopy(source: string, target: string): void {
  copyFileSync(source, target);
  const db = new Database(target);
  db.prepare(`UPDATE "ApiKey" SET "ipAllowlist" = ?, "rateLimitRequests" = ?, "rateLimitWindowSeconds" = ?`).run(
    storedAllowlist(ALLOWLIST),
    RATE_LIMIT.requests,
    RATE_LIMIT.windowSeconds,
  );
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
}

/** The address the consumer of key `i` calls from: one per key, IPv4 and IPv6 alternately, all allowed. */
function keyAddress(i: number): string {
  return i % 2 === 0
    ? `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`
    : `2001:db8::${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}`;
}

/**
 * The verify bodies of the key-controls rows, one per token: what a gateway sends when its keys
 * have controls (the client's address, so the checked key's allowlist is applied, and
 * consumeRateLimit, so the check spends from the checked key's limit). With the caller's own
 * allowlist and limit, each request runs two allowlist matches and two limit counts.
 */
export function keyControlsBodies(tokens: readonly string[]): string[] {
  return tokens.map((token, i) => `{"key":"${token}","ip":"${keyAddress(i)}","consumeRateLimit":true}`);
}

/** A client for reading Redis's statistics, or null (with the reason) when it does not answer. */
export async function connectRedisStats(url: string): Promise<{ redis: Redis } | { skip: string }> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
    return { redis };
  } catch (error) {
    redis.disconnect();
    return { skip: error instanceof Error ? error.message : String(error) };
  }
}

export type CommandCounts = Map<string, number>;

/** Calls per command so far (INFO commandstats), without the statistics reads themselves. */
export async function redisCommandCounts(redis: Redis): Promise<CommandCounts> {
  const counts: CommandCounts = new Map();
  for (const line of (await redis.info("commandstats")).split("\n")) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match && !["info", "ping"].includes(match[1])) counts.set(match[1], Number(match[2]));
  }
  return counts;
}

export function commandsBetween(before: CommandCounts, after: CommandCounts): CommandCounts {
  const delta: CommandCounts = new Map();
  for (const [command, calls] of after) {
    const n = calls - (before.get(command) ?? 0);
    if (n > 0) delta.set(command, n);
  }
  return delta;
}

/**
 * Commands that rate-limiter-flexible sends only inside a Lua script (consume: EVALSHA running
 * SET NX, INCRBY, PTTL) or a MULTI…EXEC block (peek: GET, PTTL): Redis counts each of them, but
 * they cost no round trip of their own. Every other command is one round trip (a MULTI block is
 * written at once and counted by its MULTI).
 */
const INSIDE_A_ROUND_TRIP = new Set(["set", "incrby", "pttl", "get", "exec"]);

/** Round trips the commands took: scripts, MULTI blocks and lone commands. */
export function redisRoundTrips(commands: CommandCounts): number {
  let trips = 0;
  for (const [command, calls] of commands) if (!INSIDE_A_ROUND_TRIP.has(command)) trips += calls;
  return trips;
}
