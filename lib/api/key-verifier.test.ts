import { crc32 } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { encodeChecksum, generateToken, hashSecret, TOKEN_PREFIX } from "../keys/token";
import type { KeyAuthRecord } from "../keys/verify-api-key";
import { type FreshnessGate, type KeyStore, KeyVerifier } from "./key-verifier";

const PEPPER = "unit-pepper";

function record(token: ReturnType<typeof generateToken>, overrides: Partial<KeyAuthRecord> = {}): KeyAuthRecord {
  return {
    keyId: `key-${token.clientId}`,
    clientId: token.clientId,
    name: "k",
    secretHash: hashSecret(token.secret, PEPPER),
    apiSets: ["profile:read"],
    expiresAt: Date.now() + 86_400_000,
    revokedAt: null,
    owner: { id: "owner-1", name: "O", email: "o@x.test", disabled: false, apiAccess: true, canUseKeys: true },
    inactive: false,
    ipAllowlist: null,
    rateLimit: null,
    ...overrides,
  };
}

function setup(records: KeyAuthRecord[] = [], options: { maxEntries?: number } = {}) {
  const rows = new Map(records.map((r) => [r.clientId, r]));
  const store = {
    loadRecord: vi.fn(async (clientId: string) => {
      await new Promise((r) => setTimeout(r, 2));
      return rows.get(clientId) ?? null;
    }),
    forEachRecord: vi.fn(async (each: (record: KeyAuthRecord) => void, userId?: string) => {
      await new Promise((r) => setTimeout(r, 2));
      for (const r of rows.values()) if (!userId || r.owner.id === userId) each(r);
    }),
  } satisfies KeyStore;
  let fresh = true;
  const feed = {
    isFresh: () => fresh,
    sync: vi.fn(async () => {
      fresh = true;
    }),
  } satisfies FreshnessGate;
  const verifier = new KeyVerifier(store, feed, { pepper: PEPPER, ...options });
  return {
    verifier,
    store,
    feed,
    rows,
    setFresh: (value: boolean) => {
      fresh = value;
    },
  };
}

describe("KeyVerifier", () => {
  it("refuses a wrong secret for a cached key, and keeps accepting the right one", async () => {
    const token = generateToken();
    const { verifier } = setup([record(token)]);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
    const otherSecret = `${TOKEN_PREFIX}${token.clientId}_${generateToken().secret}`;
    const forged = otherSecret + encodeChecksum(crc32(otherSecret));
    expect(await verifier.verify(forged)).toMatchObject({ ok: false, code: "invalid_key", record: null });
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
    verifier.invalidate(["owner-1"]);
    expect(await verifier.verify(forged)).toMatchObject({ ok: false, code: "invalid_key", record: null });
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
  });

  it("refuses the right secret with a wrong checksum, before and after the key's token has passed", async () => {
    const token = generateToken();
    const { verifier } = setup([record(token)]);
    const last = token.token.at(-1) === "0" ? "1" : "0";
    const badChecksum = token.token.slice(0, -1) + last;
    const refused = { ok: false, code: "invalid_key", record: null, keyId: null };
    expect(await verifier.verify(badChecksum)).toMatchObject(refused);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
    // The remembered digest is the whole token's: the same secret under another checksum is not it.
    expect(await verifier.verify(badChecksum)).toMatchObject(refused);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
  });

  it("waits for the process to start only for a token that parses, and only until it has started", async () => {
    const token = generateToken();
    const { store, feed } = setup([record(token)]);
    let started!: () => void;
    const beforeLookup = vi.fn(() => new Promise<void>((resolve) => (started = resolve)));
    const verifier = new KeyVerifier(store, feed, { pepper: PEPPER, beforeLookup });
    expect(await verifier.verify("kdk_not-a-key")).toMatchObject({ ok: false, code: "invalid_key" });
    expect(beforeLookup).not.toHaveBeenCalled();
    const pending = verifier.verify(token.token);
    await new Promise((r) => setTimeout(r, 5));
    expect(store.loadRecord).not.toHaveBeenCalled();
    started();
    expect(await pending).toMatchObject({ ok: true });
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
    expect(beforeLookup).toHaveBeenCalledTimes(1);
  });

  it("refuses malformed tokens without touching the store or the feed", async () => {
    const { verifier, store, feed } = setup();
    for (const token of ["", "kdk_", "x".repeat(74), `${generateToken().token.slice(0, -1)}!`, `${generateToken().token}a`]) {
      expect(await verifier.verify(token)).toMatchObject({ ok: false, code: "invalid_key" });
    }
    expect(store.loadRecord).not.toHaveBeenCalled();
    expect(store.forEachRecord).not.toHaveBeenCalled();
    expect(feed.sync).not.toHaveBeenCalled();
  });

  it("refuses an unknown well-formed key from its directory after one feed catch-up, with no lookup", async () => {
    const { verifier, store, feed } = setup();
    await verifier.ready();
    const results = await Promise.all(Array.from({ length: 10 }, () => verifier.verify(generateToken().token)));
    expect(results.every((r) => !r.ok && r.code === "invalid_key")).toBe(true);
    expect(store.loadRecord).not.toHaveBeenCalled();
    expect(feed.sync).toHaveBeenCalled();
  });

  it("finds a key issued after the directory loaded once the feed names its owner", async () => {
    const { verifier, rows, feed } = setup();
    await verifier.ready();
    const token = generateToken();
    rows.set(token.clientId, record(token, { owner: { ...record(token).owner, id: "owner-new" } }));
    feed.sync.mockImplementationOnce(async () => {
      verifier.invalidate(["owner-new"]);
      await verifier.refresh(["owner-new"]);
    });
    expect(await verifier.verify(token.token)).toMatchObject({ ok: true });
  });

  it("serves every key from the records read at the start: no lookup, even for a key's first request", async () => {
    const tokens = [generateToken(), generateToken(), generateToken()];
    const { verifier, store } = setup(tokens.map((t) => record(t)));
    const results = await Promise.all(tokens.map((t) => verifier.verify(t.token)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(store.forEachRecord).toHaveBeenCalledTimes(1);
    expect(store.loadRecord).not.toHaveBeenCalled();
    expect(verifier.size).toEqual({ records: 3, clientIds: 3 });
  });

  it("keeps no more records than its bound at the start, loads the others on demand and shares each load", async () => {
    const [first, second] = [generateToken(), generateToken()];
    const { verifier, store } = setup([record(first), record(second)], { maxEntries: 1 });
    await verifier.ready();
    expect(verifier.size).toEqual({ records: 1, clientIds: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, () => verifier.verify(second.token)));
    expect(results.every((r) => r.ok)).toBe(true);
    await verifier.verify(second.token);
    expect(store.loadRecord).toHaveBeenCalledTimes(1);
    expect(verifier.size.records).toBe(1);
  });

  it("reads a user's keys again when the feed names them, so their next requests need no lookup", async () => {
    const token = generateToken();
    const { verifier, store, rows } = setup([record(token)]);
    expect((await verifier.verify(token.token)).ok).toBe(true);
    rows.set(token.clientId, record(token, { revokedAt: Date.now() }));
    verifier.invalidate(["owner-1"]);
    await verifier.refresh(["owner-1"]);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_revoked" });
    expect(store.loadRecord).not.toHaveBeenCalled();
  });

  it("does not keep a record read at the start whose owner changed while the read went on", async () => {
    const [mine, theirs] = [generateToken(), generateToken()];
    const other = { ...record(theirs).owner, id: "owner-2" };
    const { verifier, store, rows } = setup([record(mine), record(theirs, { owner: other })]);
    store.forEachRecord.mockImplementationOnce(async (each) => {
      each(rows.get(mine.clientId)!);
      verifier.invalidate(["owner-2"]); // committed while the rest was being read
      each(rows.get(theirs.clientId)!);
    });
    await verifier.ready();
    expect(verifier.size).toEqual({ records: 1, clientIds: 2 });
    expect((await verifier.verify(theirs.token)).ok).toBe(true);
    expect(store.loadRecord).toHaveBeenCalledTimes(1);
  });

  it("re-reads a user's keys after an invalidation, and never keeps a load that raced with one", async () => {
    const token = generateToken();
    const { verifier, store, rows } = setup([record(token)]);
    expect((await verifier.verify(token.token)).ok).toBe(true);

    rows.set(token.clientId, record(token, { revokedAt: Date.now() }));
    verifier.invalidate(["owner-1"]);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_revoked" });

    // A load in flight when a change lands must not be cached, nor shared with later requests.
    rows.set(token.clientId, record(token));
    verifier.invalidate(["owner-1"]);
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    store.loadRecord.mockImplementationOnce(async (clientId: string) => {
      const seen = rows.get(clientId) ?? null; // read before the change commits
      await gate;
      return seen;
    });
    const calls = store.loadRecord.mock.calls.length;
    const racing = verifier.verify(token.token);
    while (store.loadRecord.mock.calls.length === calls) await new Promise((r) => setTimeout(r, 1));
    rows.set(token.clientId, record(token, { revokedAt: Date.now() }));
    verifier.invalidate(["owner-1"]); // the change commits while the load is in flight
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_revoked" });
    release();
    expect((await racing).ok).toBe(true); // arrived before the change: may be answered either way
    // The stale read finished last, but was not kept.
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_revoked" });
    expect(store.loadRecord).toHaveBeenCalledTimes(3);
  });

  it("forgets everyone on a global invalidation", async () => {
    const token = generateToken();
    const { verifier, store } = setup([record(token)]);
    await verifier.verify(token.token);
    verifier.invalidate([null]);
    await verifier.verify(token.token);
    expect(store.loadRecord).toHaveBeenCalledTimes(1);
  });

  it("waits for the feed before trusting its cache when the feed is not fresh", async () => {
    const token = generateToken();
    const { verifier, feed, setFresh } = setup([record(token)]);
    await verifier.verify(token.token);
    setFresh(false);
    await verifier.verify(token.token);
    expect(feed.sync).toHaveBeenCalledTimes(1);
  });

  it("refuses a wrong secret, and compares expiry with the clock on every request", async () => {
    const token = generateToken();
    const { verifier } = setup([record(token, { expiresAt: Date.now() + 30 })]);
    const body = `kdk_${token.clientId}_${generateToken().secret}`;
    const forged = body + encodeChecksum(crc32(body));
    expect(await verifier.verify(forged)).toMatchObject({ ok: false, code: "invalid_key", record: null, keyId: `key-${token.clientId}` });
    expect((await verifier.verify(token.token)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 40));
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_expired" });
  });

  it("treats an unreadable expiry as expired", async () => {
    const token = generateToken();
    const { verifier } = setup([record(token, { expiresAt: Number.NaN })]);
    expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code: "key_expired" });
  });

  it("maps each owner state to its code", async () => {
    const cases: [Partial<KeyAuthRecord["owner"]>, string][] = [
      [{ disabled: true }, "user_disabled"],
      [{ apiAccess: false }, "api_access_disabled"],
      [{ canUseKeys: false }, "forbidden"],
    ];
    for (const [owner, code] of cases) {
      const token = generateToken();
      const base = record(token);
      const { verifier } = setup([{ ...base, owner: { ...base.owner, ...owner } }]);
      expect(await verifier.verify(token.token)).toMatchObject({ ok: false, code, keyId: base.keyId });
    }
  });
});
