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

  it("refuses every control, format, private-use, unassigned and default-ignorable code point, by Unicode property", () => {
    const refused = {
      "lone high surrogate": "\ud800",
      "lone low surrogate": "\udfff",
      "reversed pair": "\udc00\ud800",
      "C1 control": "\u0085",
      "soft hyphen (Cf)": "\u00ad",
      "Arabic letter mark (Cf)": "\u061c",
      "Mongolian vowel separator (Cf)": "\u180e",
      "word joiner (Cf)": "\u2060",
      "interlinear annotation (Cf)": "\ufff9",
      "tag character (Cf)": "\u{e0041}",
      "private use (Co)": "\ue000",
      "supplementary private use (Co)": "\u{f0000}",
      "unassigned (Cn)": "\u0378",
      "noncharacter (Cn)": "\uffff",
      "Hangul filler (default ignorable)": "\u3164",
      "combining grapheme joiner (default ignorable)": "\u034f",
      "variation selector (default ignorable)": "\ufe00",
      "paragraph separator": "\u2029",
    };
    for (const [what, ch] of Object.entries(refused)) {
      expect(unsafeTextReason(`name${ch}here`, { multiline: true }), what).not.toBeNull();
    }
    expect(unsafeTextReason("\ud800")).toBe("Remove malformed characters.");
    // A well-formed pair is one ordinary character.
    expect(unsafeTextReason("\ud83d\ude80 launch")).toBeNull();
  });

  it("refuses text carrying a key", () => {
    expect(unsafeTextReason(`prod ${generateToken().token}`)).toMatch(/looks like an API key/);
  });
});
