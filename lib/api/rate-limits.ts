// Counting requests against limits: each key's own rate limit, the leak-report endpoint's
// per-address limit and (through SharedFailedAuthLimiter) failed authentications. Fixed windows:
// counted by rate-limiter-flexible in Redis when KEYDESK_REDIS_URL is set, so every instance
// draws from one count and N instances allow the limit, not N times it; otherwise in this
// process's memory (lib/api/window-counts.ts). When Redis is unreachable, a count falls back to
// this process's memory at once, without waiting for a timeout, so requests are still served and
// limited per process until Redis answers again.
//
// Only keys that have a limit reach this module: a key without one costs nothing here. Counting
// in memory answers at once (no promise); callers await either answer.
import { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import type { KeyRateLimit } from "../keys/rate-limit";
import { logError } from "../log";
import { type RateLimitState, WindowCounts } from "./window-counts";

export type { RateLimitState } from "./window-counts";

/** What is counted: a key's own limit, leak reports per address, failed authentications per address. */
export type RateLimitScope = "key" | "leaks" | "fa";

export type RateLimitsOptions = {
  /** A Redis client to count in; null: this process's memory. */
  redis?: Redis | null;
  /** Prefix of every Redis key (distinct per deployment or per test). */
  prefix?: string;
  now?: () => number;
};

/** How often ended windows are dropped from memory. */
const SWEEP_EVERY_MS = 10_000;

export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly redis: Redis | null;
  private readonly prefix: string;
  /** The counts in memory: all of them without Redis; with Redis, those made while it is unreachable. */
  private readonly memory: WindowCounts;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: RateLimitsOptions = {}) {
    this.redis = options.redis ?? null;
    this.prefix = options.prefix ?? "keydesk:rl";
    this.memory = new WindowCounts(options.now);
    this.sweeper = setInterval(() => this.memory.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  get store(): "memory" | "redis" {
    return this.redis ? "redis" : "memory";
  }

  /** With Redis configured: whether it answers right now. */
  get redisStatus(): "connected" | "unreachable" | undefined {
    if (!this.redis) return undefined;
    return this.redis.status === "ready" ? "connected" : "unreachable";
  }

  /**
   * Counts one request of `id` (a key id, an address) in `scope` against `limit`. Never
   * rejects; in memory it answers at once.
   */
  consume(scope: RateLimitScope, id: string, limit: KeyRateLimit): RateLimitState | Promise<RateLimitState> {
    if (!this.redis) return this.memory.consume(scope, id, limit);
    return this.consumeInRedis(scope, id, limit);
  }

  /** What is left of `id`'s limit in `scope`, without counting a request. Never rejects. */
  peek(scope: RateLimitScope, id: string, limit: KeyRateLimit): RateLimitState | Promise<RateLimitState> {
    if (!this.redis) return this.memory.peek(scope, id, limit);
    return this.peekInRedis(scope, id, limit);
  }

  private async consumeInRedis(scope: RateLimitScope, id: string, limit: KeyRateLimit): Promise<RateLimitState> {
    try {
      return stateOf(await this.limiterFor(limit).consume(`${scope}:${id}`), true, limit);
    } catch (error) {
      if (error instanceof RateLimiterRes) return stateOf(error, false, limit);
      // Redis is unreachable (or did not answer in time): counted here meanwhile.
      return this.memory.consume(scope, id, limit);
    }
  }

  private async peekInRedis(scope: RateLimitScope, id: string, limit: KeyRateLimit): Promise<RateLimitState> {
    let res: RateLimiterRes | null;
    try {
      res = await this.limiterFor(limit).get(`${scope}:${id}`);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return this.memory.peek(scope, id, limit);
      res = error;
    }
    if (!res) {
      return {
        allowed: true,
        limit: limit.requests,
        remaining: limit.requests,
        resetSeconds: limit.windowSeconds,
        windowSeconds: limit.windowSeconds,
      };
    }
    return { ...stateOf(res, true, limit), allowed: res.consumedPoints < limit.requests };
  }

  /** One limiter per distinct limit; its keys carry the limit, so changing a key's limit starts a fresh count. */
  private limiterFor(limit: KeyRateLimit): RateLimiterRedis {
    const id = `${limit.requests}/${limit.windowSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        keyPrefix: `${this.prefix}:${id}`,
        points: limit.requests,
        duration: limit.windowSeconds,
        storeClient: this.redis,
        // Not ready: rejected at once, and counted in memory (consumeInRedis).
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    if (!this.redis) return;
    this.redis.disconnect(false);
  }
}

function stateOf(res: RateLimiterRes, allowed: boolean, limit: KeyRateLimit): RateLimitState {
  const resetSeconds = Math.max(allowed ? 0 : 1, Math.ceil(res.msBeforeNext / 1000));
  return {
    allowed,
    limit: limit.requests,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds,
    windowSeconds: limit.windowSeconds,
  };
}

/**
 * A Redis client for counting: it never queues commands while disconnected (the limiters fall
 * back to memory instead), gives up on a command after 250 ms and keeps reconnecting.
 */
export function connectRateLimitRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  let lastLogged = 0;
  redis.on("error", (error) => {
    const now = Date.now();
    if (now - lastLogged < 60_000) return;
    lastLogged = now;
    logError("redis (rate limits count in memory until it is back)", error);
  });
  return redis;
}

/** `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers-11) for a key's limit. */
export function rateLimitHeaders(state: RateLimitState, policy = "key"): Record<string, string> {
  return {
    "RateLimit-Policy": `"${policy}";q=${state.limit};w=${state.windowSeconds}`,
    RateLimit: `"${policy}";r=${state.remaining};t=${state.resetSeconds}`,
  };
}

export type FailedAuthOptions = { burst: number; perMinute: number };

/**
 * The failed-authentication limit counted in Redis, shared by every instance. The question
 * asked on every request ("is this address held back?") is answered from memory: an address
 * is held back here once a failure counted in Redis (by any instance) found its allowance
 * spent, so a busy address costs no Redis round trip for its successful requests, and each
 * instance lets through at most one more failure than the shared allowance before it holds the
 * address back too. Same interface as FailedAuthLimiter (lib/api/failed-auth-limiter.ts).
 */
export class SharedFailedAuthLimiter {
  private readonly heldUntil = new Map<string, number>();
  private readonly limit: KeyRateLimit;

  constructor(
    private readonly limits: RateLimits,
    options: FailedAuthOptions,
    private readonly now: () => number = Date.now,
  ) {
    // A token bucket of `burst` refilled at `perMinute` becomes a window of `burst` failures
    // that lasts as long as the bucket takes to refill.
    this.limit = {
      requests: options.burst,
      windowSeconds: Math.max(1, Math.round((options.burst / Math.max(options.perMinute, 1e-9)) * 60)),
    };
  }

  get enabled(): boolean {
    return this.limit.requests > 0;
  }

  retryAfter(ip: string): number {
    if (this.heldUntil.size === 0) return 0;
    const until = this.heldUntil.get(ip);
    if (until === undefined) return 0;
    const wait = Math.ceil((until - this.now()) / 1000);
    if (wait > 0) return wait;
    this.heldUntil.delete(ip);
    return 0;
  }

  fail(ip: string): void {
    void this.failed(ip);
  }

  /** Counts one failure; resolves once the shared count has answered. */
  async failed(ip: string): Promise<void> {
    if (!this.enabled) return;
    const state = await this.limits.consume("fa", ip, this.limit);
    if (!state.allowed || state.remaining === 0) this.heldUntil.set(ip, this.now() + Math.max(1, state.resetSeconds) * 1000);
  }

  sweep(now = this.now()): void {
    for (const [ip, until] of this.heldUntil) if (until <= now) this.heldUntil.delete(ip);
  }
}
