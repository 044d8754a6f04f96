// The client's IP from proxy headers (X-Forwarded-For, X-Real-IP), validated: anything that is
// not an address is ignored rather than stored or logged. Free of framework imports so the
// dedicated API process uses the same rule as the console.
export function clientIpFrom(h: Headers): string | null {
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || h.get("x-real-ip")?.trim() || null;
  return normalizeIp(ip);
}

/** A plausible IPv4/IPv6 address (IPv4-mapped IPv6 unwrapped), or null. */
export function normalizeIp(ip: string | null | undefined): string | null {
  if (!ip || ip.length > 64 || !/^[0-9a-fA-F:.]+$/.test(ip)) return null;
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}
