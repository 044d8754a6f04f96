import { describe, expect, it } from "vitest";
import { clientIpFrom, resolveClientIp, trustedProxyHops } from "./client-ip";

describe("resolveClientIp", () => {
  it("uses the TCP peer and ignores forwarding headers when no proxy is trusted", () => {
    expect(resolveClientIp("203.0.113.9", "198.51.100.2", 0)).toBe("198.51.100.2");
    expect(resolveClientIp(undefined, "::ffff:127.0.0.1", 0)).toBe("127.0.0.1");
  });

  it("takes the address the outermost trusted proxy saw", () => {
    // client → proxy (10.0.0.5) → Keydesk; a client-forged entry sits further left.
    expect(resolveClientIp("6.6.6.6, 203.0.113.9", "10.0.0.5", 1)).toBe("203.0.113.9");
    // client → CDN → load balancer (10.0.0.7) → Keydesk
    expect(resolveClientIp("6.6.6.6, 203.0.113.9, 172.16.0.3", "10.0.0.7", 2)).toBe("203.0.113.9");
    expect(resolveClientIp(["203.0.113.9", "172.16.0.3"], "10.0.0.7", 2)).toBe("203.0.113.9");
  });

  it("falls back to the leftmost entry when the chain is shorter than the proxies configured", () => {
    expect(resolveClientIp(undefined, "10.0.0.5", 1)).toBe("10.0.0.5");
    expect(resolveClientIp("203.0.113.9", "10.0.0.5", 3)).toBe("203.0.113.9");
  });

  it("returns null for anything that is not an address", () => {
    expect(resolveClientIp("<script>, x", "not-an-ip", 1)).toBeNull();
    expect(resolveClientIp(undefined, undefined, 0)).toBeNull();
  });
});

describe("trustedProxyHops", () => {
  it("reads KEYDESK_TRUSTED_PROXIES, accepts KEYDESK_TRUST_PROXY=1 as one proxy, and refuses nonsense", () => {
    expect(trustedProxyHops({})).toBe(0);
    expect(trustedProxyHops({ KEYDESK_TRUSTED_PROXIES: "2" })).toBe(2);
    expect(trustedProxyHops({ KEYDESK_TRUST_PROXY: "1" })).toBe(1);
    expect(() => trustedProxyHops({ KEYDESK_TRUSTED_PROXIES: "-1" })).toThrow(/whole number/);
    expect(() => trustedProxyHops({ KEYDESK_TRUSTED_PROXIES: "many" })).toThrow(/whole number/);
  });
});

describe("clientIpFrom", () => {
  it("reads the one entry the console's server leaves in X-Forwarded-For", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIpFrom(new Headers({ "x-real-ip": "203.0.113.9" }))).toBeNull();
  });
});
