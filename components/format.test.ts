import { describe, expect, it } from "vitest";
import { timeLeft } from "./format";

describe("timeLeft", () => {
  it("says how long a grace period still runs, in hours and minutes", () => {
    const now = "2026-12-01T10:00:00.000Z";
    expect(timeLeft("2026-12-02T09:05:30.000Z", now)).toBe("23 h 5 min left");
    expect(timeLeft("2026-12-01T10:40:00.000Z", now)).toBe("40 min left");
    expect(timeLeft("2026-12-01T10:00:20.000Z", now)).toBe("ended");
    expect(timeLeft("2026-12-01T09:00:00.000Z", now)).toBe("ended");
  });
});
