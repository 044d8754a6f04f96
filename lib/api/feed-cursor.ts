// Position in the KeyChange feed that never skips a row. Feed ids come from an autoincrement
// column; on PostgreSQL a transaction that took id 7 can commit after the one that took id 8, so
// "everything above the highest id seen" would miss 7 for good. The cursor therefore keeps:
//   floor    every id at or below it has been handled;
//   above    ids above the floor already handled;
//   gaps     missing ids below the highest one seen, each re-asked for until it shows up or
//            outlives any transaction that could still commit it (gapTimeoutMs: a rolled-back
//            transaction leaves its id unused forever).
// SQLite commits one writer at a time, so there it never sees a gap, but the logic is the same.

export type FeedRow = { id: number; userId: string | null };

/** A jump larger than this is not tracked id by id (a restored or reset sequence, not a race). */
const MAX_TRACKED_JUMP = 10_000;

export class FeedCursor {
  private floorId: number;
  private highest: number;
  private readonly above = new Set<number>();
  private readonly gaps = new Map<number, number>();

  constructor(
    floor: number,
    private readonly gapTimeoutMs: number,
  ) {
    this.floorId = floor;
    this.highest = floor;
  }

  get floor(): number {
    return this.floorId;
  }

  /** The highest id handled: new rows are those above it. */
  get maxSeen(): number {
    return this.highest;
  }

  /** Missing ids to ask for again. */
  gapIds(): number[] {
    return [...this.gaps.keys()];
  }

  /** The rows of `rows` not handled yet, in id order, without recording anything. */
  unseen(rows: readonly FeedRow[]): FeedRow[] {
    const out = new Map<number, FeedRow>();
    for (const row of rows) {
      if (row.id > this.floorId && !this.above.has(row.id)) out.set(row.id, row);
    }
    return [...out.values()].sort((a, b) => a.id - b.id);
  }

  /** Records `rows` as handled (call once they have been applied). */
  accept(rows: readonly FeedRow[], now: number): void {
    for (const row of this.unseen(rows)) {
      this.gaps.delete(row.id);
      if (row.id > this.highest) {
        if (row.id - this.highest <= MAX_TRACKED_JUMP) {
          for (let id = this.highest + 1; id < row.id; id++) this.gaps.set(id, now);
        } else {
          // Everything below the jump counts as handled.
          this.gaps.clear();
          this.above.clear();
          this.floorId = row.id - 1;
        }
        this.highest = row.id;
      }
      this.above.add(row.id);
    }
    this.advance(now);
  }

  /** Gives up on gaps that no transaction can fill any more, and moves the floor up. */
  advance(now: number): void {
    for (;;) {
      const next = this.floorId + 1;
      if (next > this.highest) return;
      if (this.above.delete(next)) {
        this.floorId = next;
        continue;
      }
      const noticed = this.gaps.get(next);
      if (noticed === undefined) {
        // Not expected (every id up to the highest is handled or a gap); nothing to wait for.
        this.floorId = next;
        continue;
      }
      if (now - noticed < this.gapTimeoutMs) return;
      this.gaps.delete(next);
      this.floorId = next;
    }
  }
}
