// Refused client input is logged as one short, printable line without a stack, and at most
// HOSTILE_LINES_PER_MINUTE a minute, so nobody can flood the log.
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateToken } from "./keys/token";
import { HOSTILE_LINES_PER_MINUTE, logRefusedInput } from "./log";

afterEach(() => vi.restoreAllMocks());

describe("logRefusedInput", () => {
  it("writes one short masked line per refusal, then stops for the rest of the minute and says how many it left out", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const t0 = 10_000_000;
    const token = generateToken().token;
    logRefusedInput("console", `weird\n\u202e${"x".repeat(500)} ${token}`, t0);
    const first = String(warn.mock.calls[0]?.[0]);
    expect(first).not.toContain("\n");
    expect(first).not.toContain(token);
    expect(first.length).toBeLessThan(240);
    for (let i = 0; i < 500; i++) logRefusedInput("console", "flood", t0 + i);
    expect(warn).toHaveBeenCalledTimes(HOSTILE_LINES_PER_MINUTE);
    logRefusedInput("console", "next minute", t0 + 60_000);
    expect(warn.mock.calls.map((c) => String(c[0])).slice(-2)).toEqual([
      `[keydesk] ${500 + 1 - HOSTILE_LINES_PER_MINUTE} more refused requests were not logged in the last minute`,
      "[keydesk] refused console: next minute",
    ]);
  });
});
