import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, checkActionBody } from "./action-body";

const text = (body: string) => checkActionBody("text/plain;charset=UTF-8", Buffer.from(body));

function multipart(parts: [string, string][], boundary = "b0undary") {
  const body = `${parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("")}--${boundary}--\r\n`;
  return checkActionBody(`multipart/form-data; boundary=${boundary}`, Buffer.from(body));
}

describe("server-action bodies", () => {
  it("lets through what React's encodeReply makes of plain values", async () => {
    for (const body of [
      '[{"email":"a@b.c","password":"x","callbackUrl":"/profile"}]',
      "[]",
      '["$undefined",1,"$$escaped",null,true,"$D2026-01-01T00:00:00.000Z","$n12345","$NaN","$Infinity","$-Infinity","$-0"]',
      '[{"nested":{"list":[1,"two",{"x":"$T"}]}}]',
    ]) {
      expect(await text(body), body).toEqual({ ok: true });
    }
    // FormData arguments: part 0 refers to the entries "1_…".
    expect(
      await multipart([
        ["1_name", "Key"],
        ["1_note", "[{not json"],
        ["0", '["$K1"]'],
      ]),
    ).toEqual({ ok: true });
    expect(
      await multipart([
        ["1", '{"a":1}'],
        ["0", '["$1","$1:a"]'],
      ]),
    ).toEqual({ ok: true });
  });

  it("refuses what the decoder would throw on, with a short reason", async () => {
    const cases: [string, Promise<unknown>][] = [
      ["truncated JSON", text('[{"email":"a@b.c","password":')],
      ["not JSON", text("hello")],
      ["not UTF-8", checkActionBody("text/plain", Buffer.from([0x5b, 0xff, 0xfe, 0x5d]))],
      ["missing part", text('["$1"]')],
      ["promise", text('["$@1"]')],
      ["server reference", text('["$h1"]')],
      ["typed array", text('["$A1"]')],
      ["bad BigInt", text('["$n12x"]')],
      ["huge BigInt", text(`["$n${"9".repeat(301)}"]`)],
      ["multipart without part 0", multipart([["1", "[]"]])],
      [
        "multipart with bad JSON in a referenced part",
        multipart([
          ["1", "{"],
          ["0", '["$1"]'],
        ]),
      ],
      ["unreadable multipart", checkActionBody("multipart/form-data; boundary=x", Buffer.from("no boundary here"))],
      ["multipart without boundary", checkActionBody("multipart/form-data", Buffer.from("--\r\n"))],
    ];
    for (const [what, verdict] of cases) {
      const v = (await verdict) as { ok: boolean; status?: number; log?: string };
      expect(v.ok, what).toBe(false);
      expect(v.status, what).toBe(400);
      expect(v.log!.length, what).toBeLessThan(80);
    }
  });

  it("answers 413 above the action size limit", async () => {
    expect(await text(`["${"a".repeat(ACTION_BODY_LIMIT)}"]`)).toMatchObject({ ok: false, status: 413 });
  });
});
