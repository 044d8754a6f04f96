// Per-client-IP limit on failed authentication (a token bucket per IP, in this process's memory).
// Successful requests never draw from it and cost one map lookup, so valid traffic is not
// slowed; an IP that keeps failing is answered 429 with Retry-After, for every request, until
// its bucket refills - so guessing keys (or testing leaked ones) from one address is pointless.

export type LimiterOptions = {
  /** Failures allowed in a burst. */
  burst?: number;
  /** Failures forgiven per minute once the burst is spent. */
  perMinute?: number;
  /** Most IPs tracked; when exceeded the longest-tracked are forgotten first. */
  maxTracked?: number;
  now?: () => number;
};

type Bucket = { tokens: number; at: number };

export class FailedAuthLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly ratePerMs: number;
  private readonly maxTracked: number;
  private readonly now: () => number;

  constructor(options: LimiterOptions = {}) {
    this.burst = options.burst ?? 20;
    this.ratePerMs = (options.perMinute ?? 10) / 60_000;
    this.maxTracked = options.maxTracked ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.burst > 0;
  }

  /** Seconds `ip` must wait before it is heard again; 0 when it may go ahead. */
  retryAfter(ip: string): number {
    if (this.buckets.size === 0) return 0;
    const bucket = this.buckets.get(ip);
    if (!bucket) return 0;
    const tokens = this.refill(bucket, this.now());
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.ratePerMs / 1000));
  }

  /** Counts one failed authentication from `ip`. */
  fail(ip: string): void {
    if (!this.enabled) return;
    const now = this.now();
    let bucket = this.buckets.get(ip);
    if (!bucket) {
      if (this.buckets.size >= this.maxTracked) this.sweep(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(ip, bucket);
    }
    bucket.tokens = this.refill(bucket, now) - 1;
    bucket.at = now;
  }

  get tracked(): number {
    return this.buckets.size;
  }

  private refill(bucket: Bucket, now: number): number {
    return Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.ratePerMs);
  }

  /** Forgets IPs whose bucket is full again, then the oldest if still too many. */
  sweep(now = this.now()): void {
    for (const [ip, bucket] of this.buckets) {
      if (this.refill(bucket, now) >= this.burst) this.buckets.delete(ip);
    }
    while (this.buckets.size >= this.maxTracked) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
