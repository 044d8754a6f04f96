import { describe, expect, it } from "vitest";
import {
  CLIENT_ID_LENGTH,
  encodeChecksum,
  generateToken,
  hashSecret,
  looksLikeToken,
  parseToken,
  randomBase62,
  redactTokens,
  SECRET_LENGTH,
  secretHashMatches,
  secretHint,
  TOKEN_LENGTH,
  TOKEN_PREFIX,
} from "./token";

const PEPPER = "unit-test-pepper";

describe("token format", () => {
  it("has prefix, client id, a 43-character secret and a checksum", () => {
    const { clientId, secret, token } = generateToken();
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(token.startsWith(`${TOKEN_PREFIX}${clientId}_${secret}`)).toBe(true);
    expect(clientId).toMatch(new RegExp(`^[0-9A-Za-z]{${CLIENT_ID_LENGTH}}$`));
    expect(secret).toMatch(new RegExp(`^[0-9A-Za-z]{${SECRET_LENGTH}}$`));
    // 43 uniform base62 characters carry at least 256 bits.
    expect(SECRET_LENGTH * Math.log2(62)).toBeGreaterThanOrEqual(256);
  });

  it("parses its own tokens back into client id and secret", () => {
    const { clientId, secret, token } = generateToken();
    expect(parseToken(token)).toEqual({ clientId, secret });
  });

  it("never repeats secrets or client ids", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const { clientId, secret } = generateToken();
      seen.add(clientId);
      seen.add(secret);
    }
    expect(seen.size).toBe(4000);
  });

  it("draws base62 characters uniformly", () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 400);
    for (const ch of sample) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const n of counts.values()) expect(n).toBeGreaterThan(250); // expected 400 each
  });

  it("rejects every single-character typo through the checksum", () => {
    const { token } = generateToken();
    const body = TOKEN_PREFIX.length;
    for (let i = body; i < token.length; i++) {
      if (token[i] === "_") continue;
      const replacement = token[i] === "a" ? "b" : "a";
      const typo = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(parseToken(typo), `typo at ${i}`).toBeNull();
    }
  });

  it("rejects malformed input without throwing", () => {
    const { token } = generateToken();
    for (const bad of [
      "",
      "kdk_",
      `${token}x`,
      token.slice(1),
      token.replace("kdk_", "kdx_"),
      token.replace("_", "-"),
      ` ${token.slice(1)}`,
      `ｋdk_${token.slice(4)}`,
      `${token.slice(0, -1)}é`,
      null,
      undefined,
      42,
      {},
    ]) {
      expect(parseToken(bad as string)).toBeNull();
    }
  });

  it("encodes the CRC32 checksum in six base62 characters", () => {
    expect(encodeChecksum(0)).toBe("000000");
    expect(encodeChecksum(0xffffffff)).toHaveLength(6);
    expect(encodeChecksum(61)).toBe("00000z");
  });

  it("shows the last four characters as the hint", () => {
    const { token } = generateToken();
    expect(secretHint(token)).toBe(token.slice(-4));
  });
});

describe("secret hashing", () => {
  it("matches only the right secret, in constant time, and depends on the pepper", () => {
    const { secret } = generateToken();
    const stored = hashSecret(secret, PEPPER);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
    expect(secretHashMatches(stored, secret, PEPPER)).toBe(true);
    expect(secretHashMatches(stored, `${secret.slice(0, -1)}x`, PEPPER)).toBe(false);
    expect(secretHashMatches(stored, secret, "another-pepper")).toBe(false);
    expect(secretHashMatches("abcd", secret, PEPPER)).toBe(false);
    expect(secretHashMatches("zz".repeat(32), secret, PEPPER)).toBe(false);
  });
});

describe("token redaction", () => {
  it("finds and masks tokens inside text", () => {
    const { token } = generateToken();
    expect(looksLikeToken(`Bearer ${token}`)).toBe(true);
    expect(looksLikeToken("kdk_short")).toBe(false);
    expect(redactTokens(`failed for ${token}!`)).toBe("failed for kdk_[redacted]!");
  });
});
