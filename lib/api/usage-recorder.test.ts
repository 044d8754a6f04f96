import { describe, expect, it, vi } from "vitest";
import { CHUNK_ROWS, REFUSALS_PER_KEY, UsageRecorder, type UsageWriter } from "./usage-recorder";

type Batch = Parameters<UsageWriter>[0];

describe("UsageRecorder", () => {
  it("adds up requests per key, UTC day and outcome, and keeps the newest last use", async () => {
    const batches: Batch[] = [];
    const recorder = new UsageRecorder(async (b) => void batches.push(b));
    const day1 = Date.parse("2026-03-01T23:59:00Z");
    recorder.record("k1", "ok", "203.0.113.1", day1);
    recorder.record("k1", "ok", "203.0.113.2", day1 + 90_000); // next UTC day
    recorder.record("k1", "key_revoked", "203.0.113.3", day1 + 100_000);
    recorder.record("k2", "ok", null, day1);
    recorder.record("k2", "ok", null, day1);
    await recorder.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0].counts).toEqual(
      expect.arrayContaining([
        { keyId: "k1", day: "2026-03-01", outcome: "ok", count: 1 },
        { keyId: "k1", day: "2026-03-02", outcome: "ok", count: 1 },
        { keyId: "k1", day: "2026-03-02", outcome: "key_revoked", count: 1 },
        { keyId: "k2", day: "2026-03-01", outcome: "ok", count: 2 },
      ]),
    );
    // A refused request is not a use of the key.
    expect(batches[0].lastUsed).toEqual(
      expect.arrayContaining([
        { keyId: "k1", at: new Date(day1 + 90_000), ip: "203.0.113.2" },
        { keyId: "k2", at: new Date(day1), ip: null },
      ]),
    );
    await recorder.flush();
    expect(batches).toHaveLength(1); // nothing new, nothing written
  });

  it("counts each request in its own UTC day at the boundary and when times arrive out of order", async () => {
    const batches: Batch[] = [];
    const recorder = new UsageRecorder(async (b) => void batches.push(b));
    const midnight = Date.parse("2026-03-02T00:00:00Z");
    for (const at of [midnight - 1, midnight, midnight - 1, midnight + 86_400_000, midnight]) recorder.record("k", "ok", null, at);
    await recorder.flush();
    expect(batches[0].counts).toEqual(
      expect.arrayContaining([
        { keyId: "k", day: "2026-03-01", outcome: "ok", count: 2 },
        { keyId: "k", day: "2026-03-02", outcome: "ok", count: 2 },
        { keyId: "k", day: "2026-03-03", outcome: "ok", count: 1 },
      ]),
    );
    expect(batches[0].lastUsed).toEqual([{ keyId: "k", at: new Date(midnight + 86_400_000), ip: null }]);
  });

  it("writes a key's last use at most once a minute, but everything on stop", async () => {
    let now = 0;
    const batches: Batch[] = [];
    const recorder = new UsageRecorder(async (b) => void batches.push(b), { now: () => now });
    recorder.record("k", "ok", "a", now);
    await recorder.flush();
    now = 10_000;
    recorder.record("k", "ok", "b", now);
    await recorder.flush();
    expect(batches[1].lastUsed).toEqual([]);
    expect(batches[1].counts).toHaveLength(1);
    now = 61_000;
    await recorder.flush();
    expect(batches[2].lastUsed).toEqual([{ keyId: "k", at: new Date(10_000), ip: "b" }]);
    now = 62_000;
    recorder.record("k", "ok", "c", now);
    await recorder.stop();
    expect(batches[3].lastUsed).toEqual([{ keyId: "k", at: new Date(62_000), ip: "c" }]);
  });

  it("puts a failed batch back and loses nothing", async () => {
    const write = vi.fn<UsageWriter>().mockRejectedValueOnce(new Error("database locked")).mockResolvedValue(undefined);
    const recorder = new UsageRecorder(write);
    recorder.record("k", "ok", "a", 1000);
    await expect(recorder.flush()).rejects.toThrow("database locked");
    recorder.record("k", "ok", "b", 2000);
    await recorder.flush();
    expect(write.mock.calls[1][0]).toEqual({
      counts: [{ keyId: "k", day: "1970-01-01", outcome: "ok", count: 2 }],
      lastUsed: [{ keyId: "k", at: new Date(2000), ip: "b" }],
      refusals: [],
    });
  });
});

describe("UsageRecorder.stop", () => {
  it("retries a busy database before giving up", async () => {
    const write = vi
      .fn<UsageWriter>()
      .mockRejectedValueOnce(new Error("SQLITE_BUSY"))
      .mockRejectedValueOnce(new Error("SQLITE_BUSY"))
      .mockResolvedValue(undefined);
    const recorder = new UsageRecorder(write);
    recorder.record("k", "ok", null, 0);
    await recorder.stop({ pauseMs: 1 });
    expect(write).toHaveBeenCalledTimes(3);
    expect(recorder.pending).toEqual({ counts: 0, lastUsed: 0, refusals: 0 });

    const failing = new UsageRecorder(vi.fn<UsageWriter>().mockRejectedValue(new Error("gone")));
    failing.record("k", "ok", null, 0);
    await expect(failing.stop({ attempts: 2, pauseMs: 1 })).rejects.toThrow("gone");
    expect(failing.pending.counts).toBe(1);
  });
});

describe("UsageRecorder chunks", () => {
  it("writes large batches in chunks and puts back only what a failed chunk left unwritten", async () => {
    const written: Batch[] = [];
    let calls = 0;
    const recorder = new UsageRecorder(async (b) => {
      calls += 1;
      if (calls === 2) throw new Error("busy");
      written.push(b);
    });
    for (let i = 0; i < CHUNK_ROWS * 2 + 200; i++) recorder.record(`k${i}`, "ok", null, 0);
    await expect(recorder.flush()).rejects.toThrow("busy");
    expect(written).toHaveLength(1);
    expect(written[0].counts).toHaveLength(CHUNK_ROWS);
    expect(recorder.pending.counts).toBe(CHUNK_ROWS + 200);
    await recorder.flush();
    const total = written.flatMap((b) => b.counts).reduce((n, c) => n + c.count, 0);
    expect(total).toBe(CHUNK_ROWS * 2 + 200);
    expect(new Set(written.flatMap((b) => b.counts.map((c) => c.keyId))).size).toBe(CHUNK_ROWS * 2 + 200);
    expect(written.every((b) => b.counts.length <= CHUNK_ROWS && b.lastUsed.length <= CHUNK_ROWS)).toBe(true);
  });
  it("writes rows in key order, across the chunks of a flush, whatever order the requests came in", async () => {
    const written: Batch[] = [];
    const recorder = new UsageRecorder(async (b) => void written.push(b));
    const ids = Array.from({ length: CHUNK_ROWS + 50 }, (_, i) => `k${String((i * 7919) % 100_003).padStart(6, "0")}`);
    for (const id of ids) {
      recorder.record(id, "ok", null, 0);
      recorder.record(id, "key_revoked", null, 0);
    }
    await recorder.flush();
    const counts = written.flatMap((b) => b.counts.map((c) => `${c.keyId} ${c.outcome}`));
    expect(counts).toEqual([...counts].sort());
    expect(counts).toHaveLength(ids.length * 2);
    const uses = written.flatMap((b) => b.lastUsed.map((u) => u.keyId));
    expect(uses).toEqual([...ids].sort());
  });

  it("itemises refused requests in the same batches, at most the newest hundred per key, and puts them back when a write fails", async () => {
    const batches: Batch[] = [];
    let fail = true;
    const recorder = new UsageRecorder(async (b) => {
      if (fail) throw new Error("database busy");
      batches.push(b);
    });
    const t0 = Date.parse("2026-03-01T10:00:00Z");
    for (let i = 0; i < REFUSALS_PER_KEY + 5; i++) recorder.refused("k1", "key_revoked", "203.0.113.9", "GET /api/v1/me", t0 + i);
    recorder.refused("k2", "ip_not_allowed", null, `GET /api/v1/${"x".repeat(500)}`, t0);
    expect(recorder.pending.refusals).toBe(REFUSALS_PER_KEY + 1);
    await expect(recorder.flush()).rejects.toThrow("database busy");
    recorder.refused("k2", "key_inactive", "198.51.100.1", "POST /api/v1/keys", t0 + 1_000);
    fail = false;
    await recorder.flush();
    expect(batches).toHaveLength(1);
    const refusals = batches[0].refusals ?? [];
    const k1 = refusals.filter((r) => r.keyId === "k1");
    expect(k1).toHaveLength(REFUSALS_PER_KEY);
    expect(k1[0].at).toEqual(new Date(t0 + 5)); // the oldest five gave way
    expect(k1.at(-1)).toEqual({
      keyId: "k1",
      at: new Date(t0 + REFUSALS_PER_KEY + 4),
      ip: "203.0.113.9",
      code: "key_revoked",
      endpoint: "GET /api/v1/me",
    });
    const k2 = refusals.filter((r) => r.keyId === "k2");
    expect(k2.map((r) => r.code)).toEqual(["ip_not_allowed", "key_inactive"]);
    expect(k2[0].endpoint).toHaveLength(200);
    // They are counted like any refused request, and never as a use.
    expect(batches[0].counts).toEqual(
      expect.arrayContaining([{ keyId: "k1", day: "2026-03-01", outcome: "key_revoked", count: REFUSALS_PER_KEY + 5 }]),
    );
    expect(batches[0].lastUsed).toEqual([]);
    expect(recorder.pending.refusals).toBe(0);
  });
});
