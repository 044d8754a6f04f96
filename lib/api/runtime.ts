// The API's per-process machinery: the key verifier and its cache, the KeyChange feed that keeps
// it fresh, the usage recorder and the failed-authentication limiter. One per process, kept on
// globalThis (the console's actions, which announce their own commits, and the API mounted
// beside them may live in different bundles), started on first use and stopped on shutdown.

import { createApiStore } from "../db/api-store";
import { onKeyChange } from "../keys/key-change-bus";
import { keyAuthRecordFromRows } from "../keys/verify-api-key";
import { logError } from "../log";
import { serverSecrets } from "../server-secrets";
import { FailedAuthLimiter } from "./failed-auth-limiter";
import { databaseFeedSource, KeyChangeFeed, pruneKeyChanges } from "./key-change-feed";
import { KeyVerifier } from "./key-verifier";
import { type LeakKeySource, leakKeySource } from "./leak-signature";
import type { ApiDeps } from "./operation";
import { connectRateLimitRedis, RateLimits, SharedFailedAuthLimiter } from "./rate-limits";
import { UsageRecorder } from "./usage-recorder";

export type ApiRuntime = {
  verifier: KeyVerifier;
  feed: KeyChangeFeed;
  usage: UsageRecorder;
  limiter: FailedAuthLimiter | SharedFailedAuthLimiter;
  rateLimits: RateLimits;
  /** GitHub's secret-scanning public keys for signed leak reports; null: reports are taken unsigned. */
  leakKeys: LeakKeySource | null;
  /** Resolves when the feed is positioned and the key directory loaded (retried on failure). */
  ready(): Promise<void>;
  /** Flushes usage and stops the feed; the process may then exit. */
  stop(): Promise<void>;
};

const FEED_MAX_AGE_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

export type ApiRuntimeOptions = {
  /** Redis to count rate limits in; KEYDESK_REDIS_URL by default, null: memory. */
  redisUrl?: string | null;
  /** Prefix of the Redis keys; KEYDESK_REDIS_PREFIX, or "keydesk". */
  redisPrefix?: string;
  /** Where leak reports' signing keys come from; KEYDESK_LEAK_REPORT_KEYS by default. */
  leakReportKeys?: string | null;
};

export function createApiRuntime(options: ApiRuntimeOptions = {}): ApiRuntime {
  const store = createApiStore();
  let verifier: KeyVerifier;
  const feed = new KeyChangeFeed(
    databaseFeedSource(store),
    {
      invalidate: (users) => verifier.invalidate(users),
      refresh: (users) => verifier.refresh(users),
    },
    {
      intervalMs: numberFromEnv("KEYDESK_API_FEED_INTERVAL_MS", 200),
      leaseMs: numberFromEnv("KEYDESK_API_FEED_LEASE_MS", 750),
    },
  );
  verifier = new KeyVerifier(
    {
      loadRecord: async (clientId) => keyAuthRecordFromRows(await store.lookupKey(clientId)),
      forEachRecord: (each, userId) =>
        store.forEachKey((rows) => {
          const record = keyAuthRecordFromRows(rows);
          if (record) each(record);
        }, userId),
    },
    feed,
    {
      pepper: serverSecrets().keyPepper,
      maxEntries: numberFromEnv("KEYDESK_API_CACHE_SIZE", 200_000),
      beforeLookup: () => ready(),
    },
  );
  const usage = new UsageRecorder((batch) => store.writeUsage(batch), {
    flushEveryMs: numberFromEnv("KEYDESK_API_USAGE_FLUSH_MS", 5_000),
    chunkRows: store.usageChunkRows,
  });
  const redisUrl = options.redisUrl === undefined ? process.env.KEYDESK_REDIS_URL?.trim() || null : options.redisUrl;
  const rateLimits = new RateLimits({
    redis: redisUrl ? connectRateLimitRedis(redisUrl) : null,
    prefix: `${options.redisPrefix ?? process.env.KEYDESK_REDIS_PREFIX ?? "keydesk"}:rl`,
  });
  const failedAuth = {
    burst: numberFromEnv("KEYDESK_API_FAILED_AUTH_BURST", 20),
    perMinute: numberFromEnv("KEYDESK_API_FAILED_AUTH_PER_MINUTE", 10),
  };
  // With Redis every instance draws on one allowance per address; without it, each its own.
  const limiter = redisUrl ? new SharedFailedAuthLimiter(rateLimits, failedAuth) : new FailedAuthLimiter(failedAuth);
  // This process's own commits: refused at once, before the feed says anything.
  const unsubscribe = onKeyChange((userId) => verifier.invalidate([userId]));

  let starting: Promise<void> | null = null;
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const ready = () => {
    starting ??= (async () => {
      await feed.start();
      await verifier.ready();
      usage.start();
      timers.push(
        setInterval(() => {
          pruneKeyChanges(FEED_MAX_AGE_MS).catch((error) => logError("key change prune", error));
        }, PRUNE_EVERY_MS),
        setInterval(() => limiter.sweep(), 60_000),
      );
      for (const t of timers) t.unref();
    })().catch((error) => {
      starting = null;
      throw error;
    });
    return starting;
  };

  return {
    verifier,
    feed,
    usage,
    limiter,
    rateLimits,
    leakKeys: leakKeySource(options.leakReportKeys === undefined ? process.env.KEYDESK_LEAK_REPORT_KEYS : options.leakReportKeys),
    ready,
    async stop() {
      if (stopped) return;
      stopped = true;
      unsubscribe();
      for (const t of timers) clearInterval(t);
      await feed.stop();
      await usage.stop();
      await rateLimits.close();
      await store.close();
    },
  };
}

const registry = globalThis as unknown as { keydeskApiRuntime?: ApiRuntime };

/** This process's runtime, created on first use. */
export function apiRuntime(): ApiRuntime {
  registry.keydeskApiRuntime ??= createApiRuntime();
  return registry.keydeskApiRuntime;
}

/** Stops this process's runtime if it was ever started (flushing usage). */
export async function stopApiRuntime(): Promise<void> {
  const runtime = registry.keydeskApiRuntime;
  if (!runtime) return;
  await runtime.stop();
}

/** The runtime's share of the API's dependencies; the host adds client IP and endpoint. */
export function runtimeDeps(runtime: ApiRuntime): Pick<ApiDeps, "verifier" | "usage" | "limiter" | "rateLimits" | "leakKeys"> {
  return {
    verifier: runtime.verifier,
    usage: runtime.usage,
    limiter: runtime.limiter,
    rateLimits: runtime.rateLimits,
    leakKeys: runtime.leakKeys,
  };
}
