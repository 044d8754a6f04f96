// Consumer of the KeyChange feed: how a process that caches verified keys learns, within a
// fraction of a second, about changes committed by any process (lib/keys/lock-owner.ts writes
// one row per change inside the change's own transaction).
//
// The bound is kept by construction, not by hoping a timer fires:
//   - a poll every `intervalMs` reads the rows it has not handled (FeedCursor: late commits of
//     lower ids on PostgreSQL are not skipped) and invalidates the users they name;
//   - on PostgreSQL a LISTEN connection also hears the NOTIFY each change sends on commit and
//     invalidates at once; polling stays as the safety net;
//   - `isFresh()` says whether the last successful poll *started* less than `leaseMs` ago. The
//     verifier uses its cache only while that holds; otherwise it waits for a new poll
//     (`sync()`), so a stalled poller or an unreachable database can never let a stale entry
//     through. A change committed at time t is thus reflected in every answer given after
//     t + leaseMs at the latest.
import pg from "pg";
import type { ApiStore } from "../db/api-store";
import { dbProvider, transaction } from "../db/client";
import { databaseUrl } from "../db/database-url";
import { postgresClientConfig } from "../db/pool";
import { ALL_USERS_PAYLOAD, KEY_CHANGE_CHANNEL } from "../keys/key-change-bus";
import { logError } from "../log";
import { FeedCursor, type FeedRow } from "./feed-cursor";

export type FeedSource = {
  /** The id below which nothing can still commit: the floor to start from. */
  startFloor(windowMs: number): Promise<number>;
  readAfter(id: number, limit: number): Promise<FeedRow[]>;
  readIds(ids: number[]): Promise<FeedRow[]>;
  /** Subscribes to commit-time notices (PostgreSQL). Returns a closer. */
  listen?(onChange: (userId: string | null) => void, onError: (error: unknown) => void): Promise<() => Promise<void>>;
};

export type FeedHandlers = {
  /** Called at once for every change heard (may be called twice for one change). */
  invalidate(userIds: readonly (string | null)[]): void;
  /** Called after `invalidate` for polled rows; a failure makes the poll read them again. */
  refresh?(userIds: readonly (string | null)[]): Promise<void>;
};

export type FeedOptions = {
  intervalMs?: number;
  leaseMs?: number;
  gapTimeoutMs?: number;
  batchSize?: number;
  now?: () => number;
};

export class KeyChangeFeed {
  private cursor: FeedCursor | null = null;
  private lastSyncStart = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closeListener: (() => Promise<void>) | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly intervalMs: number;
  readonly leaseMs: number;
  private readonly gapTimeoutMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;

  constructor(
    private readonly source: FeedSource,
    private readonly handlers: FeedHandlers,
    options: FeedOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 200;
    this.leaseMs = options.leaseMs ?? 750;
    this.gapTimeoutMs = options.gapTimeoutMs ?? 60_000;
    this.batchSize = options.batchSize ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Positions the cursor, polls once and starts polling (and listening, where supported). */
  /** Idempotent: a retry after a failed start neither polls twice nor listens twice. */
  async start(): Promise<void> {
    if (this.timer) return;
    const floor = await this.source.startFloor(this.gapTimeoutMs);
    this.cursor ??= new FeedCursor(floor, this.gapTimeoutMs);
    await this.listen();
    await this.sync();
    this.timer = setInterval(() => {
      this.sync().catch((error) => logError("key change feed poll", error));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.timer = null;
    const close = this.closeListener;
    this.closeListener = null;
    await close?.().catch(() => {});
    await this.inFlight?.catch(() => {});
  }

  /** True while the last successful poll began less than `leaseMs` ago. */
  isFresh(now = this.now()): boolean {
    return now - this.lastSyncStart < this.leaseMs;
  }

  /** Resolves once a poll that began after this call has been applied. */
  sync(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.pollOnce().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    this.queued ??= this.inFlight
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  private async pollOnce(): Promise<void> {
    const cursor = this.cursor;
    if (!cursor) throw new Error("the key change feed has not started");
    const startedAt = this.now();
    const rows: FeedRow[] = [];
    const gaps = cursor.gapIds();
    if (gaps.length > 0) {
      for (let i = 0; i < gaps.length; i += 500) rows.push(...(await this.source.readIds(gaps.slice(i, i + 500))));
    }
    let after = cursor.maxSeen;
    for (;;) {
      const batch = await this.source.readAfter(after, this.batchSize);
      rows.push(...batch);
      if (batch.length < this.batchSize) break;
      after = batch[batch.length - 1].id;
    }
    const fresh = cursor.unseen(rows);
    if (fresh.length > 0) {
      const users = fresh.map((r) => r.userId);
      this.handlers.invalidate(users);
      await this.handlers.refresh?.(users);
    }
    cursor.accept(fresh, this.now());
    if (gaps.length > 0) cursor.advance(this.now());
    this.lastSyncStart = Math.max(this.lastSyncStart, startedAt);
  }

  private async listen(): Promise<void> {
    if (!this.source.listen || this.stopped || this.closeListener) return;
    try {
      this.closeListener = await this.source.listen(
        (userId) => {
          this.handlers.invalidate([userId]);
          this.sync().catch((error) => logError("key change feed poll", error));
        },
        (error) => {
          logError("key change listener", error);
          this.reconnectLater();
        },
      );
    } catch (error) {
      logError("key change listener", error);
      this.reconnectLater();
    }
  }

  private reconnectLater(): void {
    if (this.stopped || this.reconnectTimer) return;
    const close = this.closeListener;
    this.closeListener = null;
    close?.().catch(() => {});
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen();
    }, 1000);
    this.reconnectTimer.unref();
  }
}

/** The feed in Keydesk's database, read through the hot-path reader (plus LISTEN on PostgreSQL). */
export function databaseFeedSource(reader: ApiStore): FeedSource {
  const source: FeedSource = {
    startFloor: (windowMs) => reader.feedFloor(new Date(Date.now() - windowMs)),
    readAfter: (id, limit) => reader.feedAfter(id, limit),
    readIds: (ids) => reader.feedIds(ids),
  };
  if (dbProvider === "postgresql") source.listen = listenForKeyChanges;
  return source;
}

async function listenForKeyChanges(onChange: (userId: string | null) => void, onError: (error: unknown) => void) {
  // Idle for hours between notices: TCP keep-alive notices a connection that silently died.
  const client = new pg.Client({ ...postgresClientConfig(databaseUrl(), { applicationName: "keydesk-listen" }), keepAlive: true });
  let closed = false;
  client.on("notification", (message) => {
    if (message.channel !== KEY_CHANGE_CHANNEL || !message.payload) return;
    onChange(message.payload === ALL_USERS_PAYLOAD ? null : message.payload);
  });
  client.on("error", (error) => {
    if (!closed) onError(error);
  });
  client.on("end", () => {
    if (!closed) onError(new Error("the LISTEN connection closed"));
  });
  await client.connect();
  await client.query(`LISTEN ${KEY_CHANGE_CHANNEL}`);
  return async () => {
    closed = true;
    await client.end();
  };
}

/** Deletes feed rows older than `maxAgeMs`: no consumer reads that far back. */
export async function pruneKeyChanges(maxAgeMs: number, now = Date.now()): Promise<number> {
  const before = new Date(now - maxAgeMs);
  return transaction((tx) => tx.keyChange.deleteMany({ where: { at: { lt: before } } }).then((r) => r.count));
}
