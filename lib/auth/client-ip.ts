// Which address a request came from. Behind no proxy (the default) that is the TCP peer, and
// forwarding headers a client sends are ignored: otherwise anyone could pick the IP recorded
// in audit rows and key usage, or the IP the failed-authentication limit counts against.
// KEYDESK_TRUSTED_PROXIES=N says N reverse proxies sit in front of Keydesk, each appending the
// address it received the request from to X-Forwarded-For; the client is then the entry N
// places from the right of [X-Forwarded-For…, peer]. The console's server (scripts/console-
// server.ts) applies this rule and hands the application one trusted X-Forwarded-For entry;
// the dedicated API process applies it to its own sockets. Free of framework imports.

/** Number of trusted reverse proxies in front of Keydesk (0 unless configured). */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const configured = env.KEYDESK_TRUSTED_PROXIES?.trim();
  if (configured) {
    const n = Number(configured);
    if (!Number.isInteger(n) || n < 0 || n > 10) {
      throw new Error("KEYDESK_TRUSTED_PROXIES must be a whole number of proxies from 0 to 10");
    }
    return n;
  }
  return env.KEYDESK_TRUST_PROXY === "1" ? 1 : 0;
}

/** The client's address from the X-Forwarded-For chain and the socket's peer, trusting `hops` proxies. */
export function resolveClientIp(
  forwardedFor: string | string[] | null | undefined,
  peerAddress: string | null | undefined,
  hops: number,
): string | null {
  const forwarded = hops > 0 && forwardedFor ? [forwardedFor].flat().join(",").split(",") : [];
  const chain = [...forwarded.map((s) => s.trim()).filter(Boolean), peerAddress ?? ""];
  return normalizeIp(chain[Math.max(0, chain.length - 1 - hops)]);
}

/**
 * The client IP as the console's server resolved it. Only that server may set the header the
 * application reads (it overwrites whatever the client sent).
 */
export function clientIpFrom(h: Headers): string | null {
  return normalizeIp(h.get("x-forwarded-for")?.split(",")[0]?.trim());
}

/** A plausible IPv4/IPv6 address (IPv4-mapped IPv6 unwrapped), or null. */
function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip || ip.length > 64 || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
