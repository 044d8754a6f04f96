import { describe, expect, it } from "vitest";
import { usageSummary } from "./usage-chart";

describe("usageSummary", () => {
  it("says what the chart shows, for screen readers and tooltips", () => {
    const days = [
      { day: "2026-11-01", ok: 3, rejected: 0 },
      { day: "2026-11-02", ok: 1200, rejected: 5 },
      { day: "2026-11-03", ok: 0, rejected: 1 },
    ];
    expect(usageSummary(days)).toBe("Last 3 days: 1,203 successful, 6 refused; busiest 2026-11-02 with 1,205");
    expect(usageSummary(days.map((d) => ({ ...d, ok: 0, rejected: 0 })))).toBe("No requests in the last 3 days");
  });
});
