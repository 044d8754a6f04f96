// Fixed-window request counts in this process's memory: the per-key limits when no Redis is
// configured, and the stand-in for Redis while it is unreachable. The same windows as the Redis
// counts (rate-limiter-flexible's): a window starts at a bucket's first request and lasts the
// limit's window; every request in it counts, refused ones too.
//
// Counted here rather than with rate-limiter-flexible's memory store, which keeps a timer per
// bucket and window and answers through a promise and a result object per request: with a limit
// on every key that was ~5% of a verification's CPU and 25-30 MB of timers and records under
// load. Here a request costs one map lookup and a few numbers; ended windows are dropped by one
// sweep for the whole map. The library still does the counting that must be atomic across
// instances, in Redis (lib/api/rate-limits.ts).
import type { KeyRateLimit } from "../keys/rate-limit";

export type RateLimitState = {
  allowed: boolean;
  /** Requests allowed per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the count starts again (at least 1 when refused). */
  resetSeconds: number;
  windowSeconds: number;
};

type Window = { requests: number; windowSeconds: number; count: number; endsAt: number };

/** Buckets beyond which a request that opens a new window first drops the ended ones. */
const SWEEP_ABOVE = 200_000;

export class WindowCounts {
  /**
   * Windows by scope, then by id: ids are strings the caller already holds (a cached record's
   * key id), whose hash is computed once; a bucket name built per request ("key:" + id) cost
   * more than the count itself.
   */
  private readonly scopes = new Map<string, Map<string, Window>>();
  private buckets = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts one request of `id` in `scope` against `limit`. */
  consume(scope: string, id: string, limit: KeyRateLimit): RateLimitState {
    const now = this.now();
    let windows = this.scopes.get(scope);
    if (!windows) {
      windows = new Map();
      this.scopes.set(scope, windows);
    }
    let window = windows.get(id);
    // A bucket whose limit changed starts a fresh count, as it does in Redis (its keys carry the limit).
    if (!window || window.endsAt <= now || window.requests !== limit.requests || window.windowSeconds !== limit.windowSeconds) {
      if (!window) {
        if (this.buckets >= SWEEP_ABOVE) this.sweep(now);
        this.buckets += 1;
      }
      window = { requests: limit.requests, windowSeconds: limit.windowSeconds, count: 0, endsAt: now + limit.windowSeconds * 1000 };
      windows.set(id, window);
    }
    window.count += 1;
    return stateOf(window, window.count <= limit.requests, now);
  }

  /** What is left of `id`'s limit in `scope`, without counting a request. */
  peek(scope: string, id: string, limit: KeyRateLimit): RateLimitState {
    const now = this.now();
    const window = this.scopes.get(scope)?.get(id);
    if (!window || window.endsAt <= now || window.requests !== limit.requests || window.windowSeconds !== limit.windowSeconds) {
      return {
        allowed: true,
        limit: limit.requests,
        remaining: limit.requests,
        resetSeconds: limit.windowSeconds,
        windowSeconds: limit.windowSeconds,
      };
    }
    return stateOf(window, window.count < limit.requests, now);
  }

  /** Drops the windows that have ended. */
  sweep(now = this.now()): void {
    let buckets = 0;
    for (const windows of this.scopes.values()) {
      for (const [id, window] of windows) if (window.endsAt <= now) windows.delete(id);
      buckets += windows.size;
    }
    this.buckets = buckets;
  }

  /** Buckets held (ended windows included until the next sweep). */
  get size(): number {
    return this.buckets;
  }
}

function stateOf(window: Window, allowed: boolean, now: number): RateLimitState {
  return {
    allowed,
    limit: window.requests,
    remaining: Math.max(0, window.requests - window.count),
    resetSeconds: Math.max(allowed ? 0 : 1, Math.ceil((window.endsAt - now) / 1000)),
    windowSeconds: window.windowSeconds,
  };
}
