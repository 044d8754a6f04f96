// Usage of keys without a database write per request: counts per key, UTC day and outcome, and
// the last use (time, IP), gathered in memory and written every few seconds and on shutdown, in
// transactions of at most CHUNK_ROWS rows of each kind. Last use is written at most once a minute per key (the newest value wins);
// counts are added, never overwritten, so several processes can flush into the same rows. A
// flush that fails puts its batch back; nothing is dropped while the process stops cleanly.
// Refused requests of known keys (time, IP, code, endpoint) ride along in the same batches, at
// most REFUSALS_PER_KEY per key (the newest) and MAX_PENDING_REFUSALS in all between flushes; the
// store keeps the newest 100 of each key.
import type { UsageBatch } from "../db/api-store";
import { logError } from "../log";

export type UsageOutcome = "ok" | string;

type LastUse = { at: number; ip: string | null };
type Refusal = { keyId: string; at: Date; ip: string | null; code: string; endpoint: string };

/** The refused requests a key's page lists; the store keeps no more per key. */
export const REFUSALS_PER_KEY = 100;
/** Refusals held between flushes; beyond it, new ones are counted but not itemised. */
const MAX_PENDING_REFUSALS = 20_000;
const ENDPOINT_MAX = 200;

/** Most rows of each kind written in one transaction, unless the store says otherwise. */
export const CHUNK_ROWS = 500;

/** Writes one batch in one transaction (lib/db/api-store.ts), or fails leaving nothing written. */
export type UsageWriter = (batch: UsageBatch) => Promise<void>;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Counts by UTC day, key and outcome, as nested maps: a request adds one to a number found by
 * three lookups of strings the process already holds (the day's name, the cached record's key
 * id, a code), where one map keyed by their concatenation built and hashed a new string each
 * time (about 2% of a verification's CPU).
 */
type Counts = Map<string, Map<string, Map<UsageOutcome, number>>>;

function addCount(counts: Counts, day: string, keyId: string, outcome: UsageOutcome, n: number): void {
  let byKey = counts.get(day);
  if (!byKey) {
    byKey = new Map();
    counts.set(day, byKey);
  }
  let byOutcome = byKey.get(keyId);
  if (!byOutcome) {
    byOutcome = new Map();
    byKey.set(keyId, byOutcome);
  }
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + n);
}

/** Every key counted, in any of the days. */
function keysOf(counts: Counts, days: readonly string[]): string[] {
  if (days.length === 1) return [...(counts.get(days[0]) as Map<string, unknown>).keys()];
  const keys = new Set<string>();
  for (const day of days) for (const keyId of (counts.get(day) as Map<string, unknown>).keys()) keys.add(keyId);
  return [...keys];
}

/** A key's count rows, by day and outcome. */
function countRowsOf(counts: Counts, days: readonly string[], keyId: string): UsageBatch["counts"] {
  const rows: UsageBatch["counts"] = [];
  for (const day of days) {
    const byOutcome = counts.get(day)?.get(keyId);
    if (!byOutcome) continue;
    const outcomes = byOutcome.size === 1 ? [...byOutcome.keys()] : [...byOutcome.keys()].sort();
    for (const outcome of outcomes) rows.push({ keyId, day, outcome, count: byOutcome.get(outcome) as number });
  }
  return rows;
}

export class UsageRecorder {
  private counts: Counts = new Map();
  private pendingLastUse = new Map<string, LastUse>();
  private refusals = new Map<string, Refusal[]>();
  private refusalCount = 0;
  /** When each key's last use was last written, to write it at most once a minute. */
  private readonly lastWritten = new Map<string, number>();
  private lastWrittenSweptAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private readonly lastUseEveryMs: number;
  private readonly chunkRows: number;
  /** The UTC day last recorded in, and its bounds: one date format a day, not one a request. */
  private day = { name: "", start: 0, end: 0 };

  constructor(
    private readonly write: UsageWriter,
    private readonly options: { flushEveryMs?: number; lastUseEveryMs?: number; chunkRows?: number; now?: () => number } = {},
  ) {
    this.lastUseEveryMs = options.lastUseEveryMs ?? 60_000;
    this.chunkRows = options.chunkRows ?? CHUNK_ROWS;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Notes one request made with the key `keyId`. Never touches the database. */
  record(keyId: string, outcome: UsageOutcome, ip: string | null, at = this.now()): void {
    addCount(this.counts, this.dayOf(at), keyId, outcome, 1);
    if (outcome !== "ok") return;
    const previous = this.pendingLastUse.get(keyId);
    if (!previous) {
      this.pendingLastUse.set(keyId, { at, ip });
    } else if (previous.at <= at) {
      previous.at = at;
      previous.ip = ip;
    }
  }

  /**
   * Notes a request refused for a known key: counted like record() and itemised for the key's
   * page (`endpoint`: method and path). Never touches the database.
   */
  refused(keyId: string, code: string, ip: string | null, endpoint: string, at = this.now()): void {
    this.record(keyId, code, ip, at);
    const list = this.refusals.get(keyId);
    const refusal = { keyId, at: new Date(at), ip, code, endpoint: endpoint.slice(0, ENDPOINT_MAX) };
    if (list && list.length >= REFUSALS_PER_KEY) {
      list.shift();
      list.push(refusal);
      return;
    }
    if (this.refusalCount >= MAX_PENDING_REFUSALS) return;
    this.refusalCount += 1;
    if (list) list.push(refusal);
    else this.refusals.set(keyId, [refusal]);
  }

  private dayOf(at: number): string {
    const day = this.day;
    if (at >= day.start && at < day.end) return day.name;
    const start = at - (((at % 86_400_000) + 86_400_000) % 86_400_000);
    this.day = { name: utcDay(start), start, end: start + 86_400_000 };
    return this.day.name;
  }

  get pending(): { counts: number; lastUsed: number; refusals: number } {
    let counts = 0;
    for (const byKey of this.counts.values()) for (const byOutcome of byKey.values()) counts += byOutcome.size;
    return { counts, lastUsed: this.pendingLastUse.size, refusals: this.refusalCount };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.flush().catch((error) => logError("usage flush", error));
    }, this.options.flushEveryMs ?? 2_000);
    this.timer.unref();
  }

  /**
   * Stops the timer and writes everything still pending, last uses included, retrying for a
   * while if the database is busy (another writer holding SQLite's lock, say).
   */
  async stop(options: { attempts?: number; pauseMs?: number } = {}): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const attempts = options.attempts ?? 50;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.flush({ all: true });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs ?? 100));
      }
    }
  }

  /** A refusal whose write failed goes back before those that arrived meanwhile (within the bounds). */
  private putBack(r: Refusal): void {
    const list = this.refusals.get(r.keyId) ?? [];
    if (list.length >= REFUSALS_PER_KEY || this.refusalCount >= MAX_PENDING_REFUSALS) return;
    const at = list.findIndex((x) => x.at > r.at);
    list.splice(at === -1 ? list.length : at, 0, r);
    this.refusals.set(r.keyId, list);
    this.refusalCount += 1;
  }

  /** Writes what has gathered. `all`: last uses too, even if written less than a minute ago. */
  flush(options: { all?: boolean } = {}): Promise<void> {
    const run = async () => {
      await this.flushing?.catch(() => {});
      await this.flushOnce(options.all ?? false);
    };
    const current = run().finally(() => {
      if (this.flushing === current) this.flushing = null;
    });
    this.flushing = current;
    return current;
  }

  private async flushOnce(all: boolean): Promise<void> {
    const now = this.now();
    const counts = this.counts;
    this.counts = new Map();
    const lastUsed = new Map<string, LastUse>();
    for (const [keyId, use] of this.pendingLastUse) {
      const written = this.lastWritten.get(keyId);
      if (all || written === undefined || now - written >= this.lastUseEveryMs) {
        lastUsed.set(keyId, use);
        this.pendingLastUse.delete(keyId);
      }
    }
    const refusalRows = [...this.refusals.values()].flat();
    this.refusals = new Map();
    this.refusalCount = 0;
    if (counts.size === 0 && lastUsed.size === 0 && refusalRows.length === 0) return;
    // In key order: each chunk then touches neighbouring rows of the key and usage tables (on
    // SQLite a flush of 12,000 keys took 42% less CPU than in arrival order, where nearly every
    // row is on a page of its own), and every process takes the rows' locks in the same order
    // (on PostgreSQL two flushes into the same rows cannot deadlock). Only the keys are sorted
    // here; each chunk's rows are made when it is written, so a flush of thousands of keys never
    // holds the event loop for long (building every row at once stalled requests for ~80 ms).
    const days = [...counts.keys()].sort();
    const countKeys = keysOf(counts, days).sort();
    const useKeys = [...lastUsed.keys()].sort();
    refusalRows.sort((a, b) => compare(a.keyId, b.keyId) || a.at.getTime() - b.at.getTime());
    const size = this.chunkRows;
    let nextCount = 0;
    let nextUse = 0;
    let nextRefusal = 0;
    let first = true;
    while (nextCount < countKeys.length || nextUse < useKeys.length || nextRefusal < refusalRows.length) {
      const from = { count: nextCount, use: nextUse, refusal: nextRefusal };
      const part: UsageBatch = { counts: [], lastUsed: [], refusals: [] };
      // Whole keys per chunk, at most `size` rows (a key has a row per day and outcome).
      while (nextCount < countKeys.length) {
        const rows = countRowsOf(counts, days, countKeys[nextCount]);
        if (part.counts.length > 0 && part.counts.length + rows.length > size) break;
        part.counts.push(...rows);
        nextCount += 1;
      }
      for (const end = Math.min(nextUse + size, useKeys.length); nextUse < end; nextUse++) {
        const keyId = useKeys[nextUse];
        const use = lastUsed.get(keyId) as LastUse;
        part.lastUsed.push({ keyId, at: new Date(use.at), ip: use.ip });
      }
      part.refusals = refusalRows.slice(nextRefusal, nextRefusal + size);
      nextRefusal += part.refusals.length;
      try {
        if (!first) await new Promise((resolve) => setImmediate(resolve));
        first = false;
        await this.write(part);
      } catch (error) {
        // Put back what was not written (adding to what arrived meanwhile) for the next flush.
        for (const keyId of countKeys.slice(from.count)) {
          for (const r of countRowsOf(counts, days, keyId)) addCount(this.counts, r.day, r.keyId, r.outcome, r.count);
        }
        for (const keyId of useKeys.slice(from.use)) {
          const use = lastUsed.get(keyId) as LastUse;
          const newer = this.pendingLastUse.get(keyId);
          if (!newer || newer.at < use.at) this.pendingLastUse.set(keyId, { at: use.at, ip: use.ip });
        }
        for (const keyId of useKeys.slice(0, from.use)) this.lastWritten.set(keyId, now);
        for (const r of refusalRows.slice(from.refusal)) this.putBack(r);
        throw error;
      }
    }
    for (const keyId of useKeys) this.lastWritten.set(keyId, now);
    if (now - this.lastWrittenSweptAt >= this.lastUseEveryMs) {
      this.lastWrittenSweptAt = now;
      for (const [keyId, written] of this.lastWritten) {
        if (now - written >= this.lastUseEveryMs) this.lastWritten.delete(keyId);
      }
    }
  }
}
