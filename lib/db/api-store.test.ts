// Batched key lookups (the PostgreSQL hot-path store): one query per turn of the event loop.
import { describe, expect, it } from "vitest";
import { batchedLookups, MAX_BATCH } from "./api-store";

type Row = { clientId: string; roleId: string };

function fakeStore(rows: Row[], options: { failWhen?: (ids: string[]) => boolean } = {}) {
  const queries: string[][] = [];
  const lookup = batchedLookups<Row>(async (ids) => {
    queries.push(ids);
    await new Promise((r) => setTimeout(r, 5));
    if (options.failWhen?.(ids)) throw new Error("connection lost");
    return rows.filter((r) => ids.includes(r.clientId));
  });
  return { lookup, queries };
}

const turn = () => new Promise((r) => setImmediate(r));

describe("batchedLookups", () => {
  it("answers every lookup asked for in one turn from one query, each with its own rows", async () => {
    const { lookup, queries } = fakeStore([
      { clientId: "a", roleId: "r1" },
      { clientId: "a", roleId: "r2" },
      { clientId: "b", roleId: "r1" },
    ]);
    const answers = await Promise.all([lookup("a"), lookup("b"), lookup("unknown"), lookup("a")]);
    expect(queries).toEqual([["a", "b", "unknown"]]);
    expect(answers).toEqual([
      [
        { clientId: "a", roleId: "r1" },
        { clientId: "a", roleId: "r2" },
      ],
      [{ clientId: "b", roleId: "r1" }],
      [],
      [
        { clientId: "a", roleId: "r1" },
        { clientId: "a", roleId: "r2" },
      ],
    ]);
  });

  it("starts a new query for lookups asked for in a later turn", async () => {
    const { lookup, queries } = fakeStore([{ clientId: "a", roleId: "r1" }]);
    const first = lookup("a");
    await turn();
    const second = lookup("a");
    expect(await Promise.all([first, second])).toEqual([[{ clientId: "a", roleId: "r1" }], [{ clientId: "a", roleId: "r1" }]]);
    expect(queries).toEqual([["a"], ["a"]]);
  });

  it(`splits more than ${MAX_BATCH} keys into several queries`, async () => {
    const ids = Array.from({ length: MAX_BATCH * 2 + 5 }, (_, i) => `k${i}`);
    const { lookup, queries } = fakeStore(ids.map((clientId) => ({ clientId, roleId: "r" })));
    const answers = await Promise.all(ids.map((id) => lookup(id)));
    expect(queries.map((q) => q.length)).toEqual([MAX_BATCH, MAX_BATCH, 5]);
    expect(answers.map((a) => a[0].clientId)).toEqual(ids);
  });

  it("fails the lookups of a failed query only", async () => {
    const { lookup } = fakeStore([{ clientId: "ok", roleId: "r" }], { failWhen: (ids) => ids.includes("doomed") });
    const doomed = Promise.allSettled([lookup("doomed"), lookup("ok")]);
    await turn();
    const later = await lookup("ok");
    expect((await doomed).map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(later).toEqual([{ clientId: "ok", roleId: "r" }]);
  });
});
