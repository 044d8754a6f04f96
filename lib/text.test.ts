import { describe, expect, it } from "vitest";
import { generateToken } from "./keys/token";
import { unsafeTextReason } from "./text";

describe("unsafeTextReason", () => {
  it("accepts ordinary labels in any script", () => {
    for (const ok of ["CI deploy", "Déploiement nocturne", "ключ для отчётов", "請求書 API", "a-b_c.d (prod) #2 🚀"]) {
      expect(unsafeTextReason(ok), ok).toBeNull();
    }
    expect(unsafeTextReason("line one\nline two", { multiline: true })).toBeNull();
  });

  it("refuses control characters, line breaks in single-line labels and invisible characters", () => {
    expect(unsafeTextReason("bad\u0000name")).toBe("Remove control and invisible characters.");
    expect(unsafeTextReason("two\nlines")).toBe("Use a single line.");
    for (const invisible of ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2028"]) {
      expect(unsafeTextReason(`admin${invisible}key`, { multiline: true }), JSON.stringify(invisible)).toBe(
        "Remove control and invisible characters.",
      );
    }
  });

  it("refuses text carrying a key", () => {
    expect(unsafeTextReason(`prod ${generateToken().token}`)).toMatch(/looks like an API key/);
  });
});
