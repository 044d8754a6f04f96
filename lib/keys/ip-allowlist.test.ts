import { describe, expect, it } from "vitest";
import {
  canonicalEntry,
  compileAllowlist,
  IP_ALLOWLIST_MAX,
  ipAllowed,
  isIpAddress,
  normalizeAllowlist,
  serializeAllowlist,
} from "./ip-allowlist";

describe("canonicalEntry", () => {
  it("writes addresses and ranges as canonical CIDR ranges", () => {
    expect(canonicalEntry("203.0.113.7")).toBe("203.0.113.7/32");
    expect(canonicalEntry(" 198.51.100.0/24 ")).toBe("198.51.100.0/24");
    // Host bits are cleared.
    expect(canonicalEntry("10.1.2.3/8")).toBe("10.0.0.0/8");
    expect(canonicalEntry("2001:DB8:0:0::1")).toBe("2001:db8::1/128");
    expect(canonicalEntry("2001:db8:abcd::1/32")).toBe("2001:db8::/32");
    expect(canonicalEntry("::/0")).toBe("::/0");
    expect(canonicalEntry("0.0.0.0/0")).toBe("0.0.0.0/0");
    // IPv4-mapped IPv6 is the IPv4 address it maps.
    expect(canonicalEntry("::ffff:192.0.2.5")).toBe("192.0.2.5/32");
    expect(canonicalEntry("::ffff:192.0.2.0/120")).toBe("192.0.2.0/24");
  });

  it("refuses anything that is not a plain address or range", () => {
    for (const bad of [
      "",
      "localhost",
      "203.0.113",
      "0x7f.1",
      "127.1",
      "010.0.0.1",
      "256.0.0.1",
      "203.0.113.0/33",
      "203.0.113.0/-1",
      "203.0.113.0/",
      "203.0.113.0/24/1",
      "2001:db8::/129",
      "fe80::1%eth0",
      "::ffff:192.0.2.0/90",
      "1.2.3.4 5.6.7.8",
      `${"1".repeat(70)}`,
    ]) {
      expect(canonicalEntry(bad), bad).toBeNull();
    }
  });
});

describe("normalizeAllowlist", () => {
  it("splits typed text on lines, commas and spaces and drops duplicates", () => {
    expect(normalizeAllowlist("203.0.113.7\n198.51.100.0/24, 203.0.113.7/32  2001:db8::/32\n")).toEqual({
      ok: true,
      entries: ["203.0.113.7/32", "198.51.100.0/24", "2001:db8::/32"],
    });
    expect(normalizeAllowlist(["10.0.0.1", "10.0.0.1"])).toEqual({ ok: true, entries: ["10.0.0.1/32"] });
    expect(normalizeAllowlist("  ")).toEqual({ ok: true, entries: [] });
  });

  it("names the bad entries and refuses more than the maximum", () => {
    const bad = normalizeAllowlist("10.0.0.1, nope, 300.1.1.1/8");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toContain("“nope”, “300.1.1.1/8”");
    const many = Array.from({ length: IP_ALLOWLIST_MAX + 1 }, (_, i) => `10.0.${i}.0/24`);
    const tooMany = normalizeAllowlist(many);
    expect(!tooMany.ok && tooMany.message).toContain(`at most ${IP_ALLOWLIST_MAX}`);
    expect(normalizeAllowlist(many.slice(0, IP_ALLOWLIST_MAX)).ok).toBe(true);
  });
});

describe("ipAllowed", () => {
  const list = compileAllowlist(serializeAllowlist(["203.0.113.7/32", "198.51.100.0/24", "2001:db8::/32"]))!;

  it("matches IPv4 addresses, IPv4 ranges, IPv6 ranges and IPv4-mapped addresses", () => {
    expect(ipAllowed(list, "203.0.113.7")).toBe(true);
    expect(ipAllowed(list, "203.0.113.8")).toBe(false);
    expect(ipAllowed(list, "198.51.100.0")).toBe(true);
    expect(ipAllowed(list, "198.51.100.255")).toBe(true);
    expect(ipAllowed(list, "198.51.101.1")).toBe(false);
    expect(ipAllowed(list, "2001:db8:ffff::1")).toBe(true);
    expect(ipAllowed(list, "2001:db9::1")).toBe(false);
    expect(ipAllowed(list, "::ffff:198.51.100.9")).toBe(true);
    // An IPv4 range never matches an IPv6 address, nor the other way round.
    expect(ipAllowed(list, "::1")).toBe(false);
  });

  it("never allows an unknown or unreadable address, and answers a repeated address from memory, within a bound", () => {
    expect(ipAllowed(list, null)).toBe(false);
    expect(ipAllowed(list, "not-an-ip")).toBe(false);
    expect(ipAllowed(list, "2001:db8::zz")).toBe(false);
    expect(ipAllowed(list, "203.0.113.7")).toBe(true);
    expect(list.answers.get("203.0.113.7")).toBe(true);
    expect(ipAllowed(list, "203.0.113.7")).toBe(true);
    expect(ipAllowed(list, "198.51.101.1")).toBe(false);
    expect(list.answers.get("198.51.101.1")).toBe(false);
    for (let i = 0; i < 3000; i++) ipAllowed(list, `10.${i >> 8}.${i & 255}.1`);
    expect(list.answers.size).toBeLessThanOrEqual(1024);
    // A full memo forgets its oldest quarter, not everything: the addresses in use stay.
    expect(list.answers.size).toBeGreaterThan(768);
    expect(list.answers.has(`10.${2999 >> 8}.${2999 & 255}.1`)).toBe(true);
    expect(list.answers.has("203.0.113.7")).toBe(false);
    expect(ipAllowed(list, "198.51.100.1")).toBe(true);
  });

  it("compiles each stored list once, shared by the keys that have it, skipping entries that no longer parse", () => {
    const stored = "192.0.2.0/24 2001:db8:1::/48 not-a-range/99 192.0.2.300/32";
    const first = compileAllowlist(stored)!;
    expect(compileAllowlist(stored)).toBe(first);
    expect(first.v4.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(["192.0.2.0/24"]);
    expect(first.v6.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(["2001:db8:1::/48"]);
    expect(ipAllowed(first, "192.0.2.9")).toBe(true);
    expect(ipAllowed(first, "2001:db8:1::5")).toBe(true);
    expect(ipAllowed(first, "2001:db8:2::5")).toBe(false);
    expect(compileAllowlist("192.0.2.0/24")).not.toBe(first);
  });

  it("compiles an empty list to null (any address) and matches ::/0 and 0.0.0.0/0 everything of their kind", () => {
    expect(compileAllowlist("")).toBeNull();
    const all = compileAllowlist("0.0.0.0/0 ::/0")!;
    expect(ipAllowed(all, "192.0.2.1")).toBe(true);
    expect(ipAllowed(all, "2001:db8::1")).toBe(true);
  });

  it("tells single addresses from ranges and names", () => {
    expect(isIpAddress("192.0.2.1")).toBe(true);
    expect(isIpAddress("2001:db8::1")).toBe(true);
    expect(isIpAddress("192.0.2.0/24")).toBe(false);
    expect(isIpAddress("example.com")).toBe(false);
  });
});
