// Fast, never-stale verification of presented keys. Three layers, cheapest first:
//   1. the token's shape and checksum (lib/keys/token.ts): a malformed key costs no lookup;
//   2. a directory of every client id that exists: a well-formed but unknown key is refused
//      from memory. A key issued a moment ago by another process is not refused: a miss waits
//      for one feed poll that starts after the request arrived (shared by every request that
//      misses meanwhile), which brings in the new client id before the directory is trusted;
//   3. a bounded cache of key records (key, owner, the owner's authorities). It is filled when
//      the process starts, by the same read that fills the directory (up to its bound), and a
//      user's records are read again as soon as the feed names them; a key still missing (the
//      cache full, a record older than its maximum age) is loaded by one indexed query, shared
//      by concurrent misses. So a verification costs no database read in the common case, not
//      even the first time a key is presented after a start or a change.
// Entries are dropped for a user (or for everyone) when the KeyChange feed, the PostgreSQL
// NOTIFY or this process's own commit says something changed; a load that raced with such a
// change is not kept. The cache is trusted only while the feed is fresh (KeyChangeFeed.isFresh);
// otherwise the request waits for a poll first. Expiry needs no invalidation: it is compared
// with the clock on every request.
// A cached record also remembers the SHA-256 of the whole token that last passed its checksum
// and HMAC checks, so the next presentation of that key costs one plain hash instead of an HMAC
// (about a quarter of the time) and no checksum (the same digest means the same token); a
// different token is refused on the spot. The remembered digest goes with the entry. SHA-256 of
// a token with a 256-bit random secret reveals nothing, and it never leaves the process.
import { hash } from "node:crypto";
import type { ApiSetCode } from "../keys/api-sets";
import { checksumMatches, secretHashMatches, splitToken, type TokenParts } from "../keys/token";
import { judgeKey, type KeyAuthRecord, type KeyCheck, type KeyOwner } from "../keys/verify-api-key";

export type KeyStore = {
  loadRecord(clientId: string): Promise<KeyAuthRecord | null>;
  /** Calls `each` with the record of every key (no user) or of one user's keys. */
  forEachRecord(each: (record: KeyAuthRecord) => void, userId?: string): Promise<void>;
};

export type FreshnessGate = {
  isFresh(now?: number): boolean;
  /** Resolves once a poll of the change feed that began after the call has been applied. */
  sync(): Promise<void>;
};

export type VerifierOptions = {
  pepper: string;
  /** Most records kept; the oldest loaded go first. */
  maxEntries?: number;
  /** Records are re-read after this long even without a change (names, e-mail addresses). */
  maxAgeMs?: number;
  now?: () => number;
  /**
   * Waited on after a token parses and before its lookup, until it first resolves (the
   * process's feed and directory starting): a malformed key is refused without waiting.
   */
  beforeLookup?: () => Promise<void>;
};

/**
 * `seq`: the change counter when the load began; `loadedAt` for maxAgeMs; `verified`: SHA-256 of
 * the token that passed this record's checksum and HMAC checks, once one has (latin1, 32 chars).
 */
type Entry = { record: KeyAuthRecord; seq: number; loadedAt: number; verified: string | null };

const REFUSED: KeyCheck = Object.freeze({ ok: false, code: "invalid_key", record: null, keyId: null }) as KeyCheck;

export class KeyVerifier {
  private readonly records = new Map<string, Entry>();
  private readonly loading = new Map<string, { seq: number; promise: Promise<KeyAuthRecord | null> }>();
  /** Bumped by every invalidation; a user's entry is the value at their last change. */
  private seq = 0;
  private readonly userChangedAt = new Map<string, number>();
  private allChangedAt = 0;
  private readonly known = new Set<string>();
  private readonly sharedApiSets = new Map<string, readonly ApiSetCode[]>();
  /** At most one per user; dropped with everything else on a global invalidation. */
  private readonly sharedOwners = new Map<string, KeyOwner>();
  private directory: Promise<void> | null = null;
  /** The poll that directory misses arriving in this turn of the event loop wait for. */
  private missPoll: Promise<void> | null = null;
  private readonly pepper: string;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private beforeLookup: (() => Promise<void>) | null;

  constructor(
    private readonly store: KeyStore,
    private readonly feed: FreshnessGate,
    options: VerifierOptions,
  ) {
    this.pepper = options.pepper;
    this.maxEntries = options.maxEntries ?? 200_000;
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.beforeLookup = options.beforeLookup ?? null;
  }

  /** Loads the directory and the cache (also done lazily by the first verification). */
  ready(): Promise<void> {
    this.directory ??= this.readKeys().then(
      () => {},
      (error) => {
        this.directory = null;
        throw error;
      },
    );
    return this.directory;
  }

  /**
   * Decides whether `token` authenticates right now: the one entry point of verification, which
   * parses the token once. Rejects only when the database fails.
   */
  async verify(token: string): Promise<KeyCheck> {
    const parts = splitToken(token);
    if (!parts) return REFUSED;
    // The common case answered without awaiting anything: started, the feed fresh, the record
    // cached and current. It checks exactly what lookup() checks first, in the same order; a
    // miss anywhere takes the full path below. (Each await it saves is a promise and a
    // microtask turn per key; a verification checks two keys.)
    const now = this.now();
    const hit = this.beforeLookup === null && this.feed.isFresh(now) ? this.records.get(parts.clientId) : undefined;
    if (hit && this.current(hit, now)) return this.judge(hit.record, hit, parts, now);
    // A token whose checksum is wrong costs no lookup.
    if (!checksumMatches(parts)) return REFUSED;
    if (this.beforeLookup) {
      await this.beforeLookup();
      this.beforeLookup = null;
    }
    const found = await this.lookup(parts.clientId);
    if (!found) return REFUSED;
    return this.judge(found.record, found.entry, parts, this.now(), true);
  }

  /**
   * The verdict on a found record for a presented token: the remembered digest when there is
   * one, else its checksum and its secret's HMAC. The digest is SHA-256 as a latin1 string of
   * its 32 bytes, compared without Buffers: making a Buffer for a digest and another for the
   * remembered one cost more than the hash (~3 µs of a key's ~4.5), and a Buffer held per
   * record costs several times the string's 48 bytes of heap for 100,000 cached keys.
   */
  private judge(record: KeyAuthRecord, entry: Entry | null, parts: TokenParts, now: number, checksumChecked = false): KeyCheck {
    const digest = hash("sha256", parts.token, "binary"); // "binary" is latin1
    if (entry?.verified) {
      if (sameDigest(entry.verified, digest)) return judgeKey(record, true, now);
      // Not the token that passed: a wrong secret for this key, or not a token at all.
      return checksumChecked || checksumMatches(parts) ? judgeKey(record, false, now) : REFUSED;
    }
    if (!checksumChecked && !checksumMatches(parts)) return REFUSED;
    const matches = secretHashMatches(record.secretHash, parts.secret, this.pepper);
    if (matches && entry) entry.verified = digest;
    return judgeKey(record, matches, now);
  }

  /** Forgets what it knows about a user's keys, or everyone's (`null`). */
  invalidate(userIds: readonly (string | null)[]): void {
    for (const userId of userIds) {
      this.seq += 1;
      if (userId === null) {
        this.allChangedAt = this.seq;
        this.records.clear();
        this.sharedOwners.clear();
        this.userChangedAt.clear(); // older per-user marks are covered by allChangedAt
      } else {
        this.userChangedAt.set(userId, this.seq);
      }
    }
  }

  /**
   * Brings the directory and the cache up to date for these users (after the feed named them
   * and `invalidate` forgot them): their keys are read again at once, so their next requests
   * find current records instead of all missing together.
   */
  async refresh(userIds: readonly (string | null)[]): Promise<void> {
    if (!this.directory) return; // not loaded yet: the first load will read everything
    await this.directory;
    if (userIds.includes(null)) {
      await this.readKeys();
      return;
    }
    for (const userId of new Set(userIds)) if (userId !== null) await this.readKeys(userId);
  }

  /**
   * Reads every key (or one user's): each client id goes into the directory, and each record
   * into the cache while it has room, unless something about its owner changed after the read
   * began (the same rule as a single load).
   */
  private async readKeys(userId?: string): Promise<void> {
    const seq = this.seq;
    const loadedAt = this.now();
    await this.store.forEachRecord((record) => {
      this.known.add(record.clientId);
      if (this.unchangedSince(seq, record.owner.id) && (userId !== undefined || this.records.size < this.maxEntries))
        this.keep(this.intern(record), seq, loadedAt);
    }, userId);
  }

  get size(): { records: number; clientIds: number } {
    return { records: this.records.size, clientIds: this.known.size };
  }

  /** The key's record, and its cache entry when it is cached. */
  private async lookup(clientId: string): Promise<{ record: KeyAuthRecord; entry: Entry | null } | null> {
    if (!this.feed.isFresh()) await this.feed.sync();
    await (this.directory ?? this.ready());
    const entry = this.records.get(clientId);
    if (entry && this.current(entry)) return { record: entry.record, entry };
    if (!this.known.has(clientId)) {
      // Perhaps issued a moment ago by another process: one poll that began after this request
      // arrived brings it in if it was committed before.
      await this.pollForMiss();
      if (!this.known.has(clientId)) return null;
    }
    const record = await this.load(clientId);
    if (!record) return null;
    const loaded = this.records.get(clientId);
    return { record, entry: loaded?.record === record ? loaded : null };
  }

  /**
   * One feed poll for every miss read in this turn of the event loop: it starts once the
   * requests already received have been read (setImmediate), so a stream of unknown keys costs
   * a poll per turn, not one per request. A miss after the poll started waits for the next.
   */
  private pollForMiss(): Promise<void> {
    this.missPoll ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.missPoll = null;
      return this.feed.sync();
    });
    return this.missPoll;
  }

  /** Nothing about the record's owner (or everyone) changed since its load began. */
  private unchangedSince(seq: number, ownerId: string): boolean {
    return this.allChangedAt <= seq && (this.userChangedAt.get(ownerId) ?? 0) <= seq;
  }

  private current(entry: Entry, now = this.now()): boolean {
    return this.unchangedSince(entry.seq, entry.record.owner.id) && now - entry.loadedAt < this.maxAgeMs;
  }

  /**
   * Shares the parts many records have in common (an owner's ten keys, the few distinct sets
   * of API sets), so 100,000 cached keys cost tens of megabytes, not hundreds.
   */
  private intern(record: KeyAuthRecord): KeyAuthRecord {
    const setsKey = record.apiSets.join(" ");
    let apiSets = this.sharedApiSets.get(setsKey);
    if (!apiSets) {
      apiSets = Object.freeze([...record.apiSets]);
      this.sharedApiSets.set(setsKey, apiSets);
    }
    const o = record.owner;
    const known = this.sharedOwners.get(o.id);
    const sameOwner =
      known &&
      known.name === o.name &&
      known.email === o.email &&
      known.disabled === o.disabled &&
      known.apiAccess === o.apiAccess &&
      known.canUseKeys === o.canUseKeys;
    if (!sameOwner) this.sharedOwners.set(o.id, o);
    return { ...record, apiSets, owner: sameOwner ? known : o };
  }

  /** Concurrent misses share one load, unless something changed after it began. */
  private load(clientId: string): Promise<KeyAuthRecord | null> {
    const pending = this.loading.get(clientId);
    if (pending && pending.seq === this.seq) return pending.promise;
    const entry = { seq: this.seq, promise: this.loadAndKeep(clientId) };
    this.loading.set(clientId, entry);
    void entry.promise
      .finally(() => {
        if (this.loading.get(clientId) === entry) this.loading.delete(clientId);
      })
      .catch(() => {});
    return entry.promise;
  }

  private async loadAndKeep(clientId: string): Promise<KeyAuthRecord | null> {
    const seq = this.seq;
    const loadedAt = this.now();
    const loaded = await this.store.loadRecord(clientId);
    const record = loaded && this.intern(loaded);
    if (!record) {
      this.known.delete(clientId); // deleted with its owner
      this.records.delete(clientId);
      return null;
    }
    // Kept only if nothing about its owner (or everyone) changed while it was being read.
    if (this.unchangedSince(seq, record.owner.id)) this.keep(record, seq, loadedAt);
    return record;
  }

  /** Caches a record as the newest entry, dropping the oldest beyond the bound. */
  private keep(record: KeyAuthRecord, seq: number, loadedAt: number): void {
    const clientId = record.clientId;
    this.records.delete(clientId);
    this.records.set(clientId, { record, seq, loadedAt, verified: null });
    if (this.records.size > this.maxEntries) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }
}

/** Equality of two digests in constant time (every character compared, whatever differs first). */
function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
