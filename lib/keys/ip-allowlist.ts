// A key's IP allowlist: the addresses and CIDR ranges it may be used from. Parsed with ipaddr.js,
// never by hand, and stored in one canonical form: a range per entry ("203.0.113.0/24",
// "2001:db8::/32"; a single address is a /32 or /128), host bits cleared, IPv4-mapped IPv6
// written as IPv4, duplicates dropped, space-separated in ApiKey.ipAllowlist ("" = any address).
// The verifier compiles a stored list once per cached record; a key without a list costs
// nothing on the hot path (its compiled list is null). Entries and the input are parsed with
// ipaddr.js; matching a client address parses it once and remembers the answer.
import ipaddr from "ipaddr.js";
import { KeydeskError } from "../errors";

/** Most entries one key's allowlist may hold. */
export const IP_ALLOWLIST_MAX = 50;
/** Longer than any address or range (an IPv6 range in full is 43 characters). */
const ENTRY_MAX_LENGTH = 64;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/**
 * Addresses parsed lately: a request's client address is parsed when its input is validated
 * and again when an allowlist is matched, and parsing (ipaddr.js, ~3-9 µs an address) is the
 * costly part of both. A gateway passes the addresses of many clients, the busiest again and
 * again: 16,384 of them (~3 MB) answer most requests from memory.
 */
const recentlyParsed = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | null>();
const RECENTLY_PARSED_KEPT = 16_384;

/**
 * Adds to a bounded memo: when it is full, the oldest quarter goes (Maps iterate in insertion
 * order), so the addresses in use are parsed again once, not all of them at every overflow.
 */
function remember<V>(memo: Map<string, V>, kept: number, key: string, value: V): void {
  if (memo.size >= kept) {
    let drop = kept >> 2;
    for (const old of memo.keys()) {
      memo.delete(old);
      if (--drop <= 0) break;
    }
  }
  memo.set(key, value);
}

/** The address, unwrapped from IPv4-mapped IPv6; null when `text` is not a plain address. */
function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (text.length > ENTRY_MAX_LENGTH) return null; // longer than any address: nothing to parse or keep
  const known = recentlyParsed.get(text);
  if (known !== undefined) return known;
  const address = parseAddressNow(text);
  remember(recentlyParsed, RECENTLY_PARSED_KEPT, text, address);
  return address;
}

function parseAddressNow(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // Zone ids (fe80::1%eth0) name an interface of one machine: never a client address.
  if (text.includes("%")) return null;
  if (!text.includes(":")) return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
  // One parse (a separate validity check would parse twice); it throws only on bad input.
  let v6: ipaddr.IPv6;
  try {
    v6 = ipaddr.IPv6.parse(text);
  } catch {
    return null;
  }
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

/** A single IPv4 or IPv6 address (IPv4 in four decimal parts; no zone id). */
export function isIpAddress(text: string): boolean {
  return parseAddress(text) !== null;
}

function addressText(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  return address.kind() === "ipv6" ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** One entry in canonical form ("198.51.100.0/24"), or null when it is not an address or range. */
export function canonicalEntry(input: string): string | null {
  const text = input.trim();
  if (text === "" || text.length > ENTRY_MAX_LENGTH) return null;
  const slash = text.indexOf("/");
  const address = parseAddress(slash === -1 ? text : text.slice(0, slash));
  if (!address) return null;
  let bits = address.kind() === "ipv4" ? 32 : 128;
  if (slash !== -1) {
    const prefix = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefix)) return null;
    const wasMapped = address.kind() === "ipv4" && text.includes(":");
    const n = Number(prefix) - (wasMapped ? 96 : 0);
    if (n < 0 || n > bits) return null;
    bits = n;
  }
  const network =
    address.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/${bits}`);
  return `${addressText(network)}/${bits}`;
}

export type AllowlistResult = { ok: true; entries: string[] } | { ok: false; message: string };

/**
 * Reads what a person typed (one entry per line, or separated by commas or spaces) or an
 * array of entries: the canonical entries, or a message naming the entries that are not
 * addresses or ranges.
 */
export function normalizeAllowlist(input: string | readonly string[]): AllowlistResult {
  const raw = (typeof input === "string" ? [input] : input).flatMap((s) => s.split(/[\s,]+/)).filter((s) => s !== "");
  const bad: string[] = [];
  const entries = new Set<string>();
  for (const entry of raw) {
    const canonical = canonicalEntry(entry);
    if (canonical) entries.add(canonical);
    else bad.push(entry);
  }
  if (bad.length > 0) {
    const shown = bad
      .slice(0, 3)
      .map((b) => `“${b.slice(0, 45)}”`)
      .join(", ");
    return {
      ok: false,
      message: `Not an IP address or CIDR range: ${shown}${bad.length > 3 ? ` and ${bad.length - 3} more` : ""}. Use e.g. 203.0.113.7, 198.51.100.0/24 or 2001:db8::/32.`,
    };
  }
  if (entries.size > IP_ALLOWLIST_MAX) {
    return { ok: false, message: `Use at most ${IP_ALLOWLIST_MAX} addresses or ranges (${entries.size} given).` };
  }
  return { ok: true, entries: [...entries] };
}

export function serializeAllowlist(entries: readonly string[]): string {
  return entries.join(" ");
}

/** The stored form of a list from any caller (normalised again: lib/ never trusts its input). */
export function storedAllowlist(entries: readonly string[]): string {
  const result = normalizeAllowlist(entries);
  if (!result.ok) throw new KeydeskError("validation_failed", result.message, { field: "ipAllowlist" });
  return serializeAllowlist(result.entries);
}

export function allowlistEntries(stored: string): string[] {
  return stored === "" ? [] : stored.split(" ");
}

/** Client addresses whose answer a compiled list remembers (then it starts over). */
const REMEMBERED_ADDRESSES = 1024;

/** A stored allowlist ready for matching, with the answers for the addresses it has checked. */
export type CompiledAllowlist = {
  readonly v4: readonly Range[];
  readonly v6: readonly Range[];
  readonly answers: Map<string, boolean>;
};

/** Compiled lists by stored text: keys with the same list share one (and its remembered answers). */
const compiled = new Map<string, CompiledAllowlist>();
/** Distinct lists kept compiled; beyond it the map starts over (lists already handed out stay valid). */
const COMPILED_KEPT = 10_000;

/** Null for an empty list (any address may use the key). Entries that no longer parse are skipped. */
export function compileAllowlist(stored: string): CompiledAllowlist | null {
  if (stored === "") return null;
  const known = compiled.get(stored);
  if (known) return known;
  const v4: Range[] = [];
  const v6: Range[] = [];
  for (const entry of allowlistEntries(stored)) {
    // Stored entries are canonical: the family is told by the text, so each is parsed once by
    // its own family's parser (ipaddr.parseCIDR tries IPv6 first and throws for every IPv4 one).
    try {
      if (entry.includes(":")) v6.push(ipaddr.IPv6.parseCIDR(entry));
      else v4.push(ipaddr.IPv4.parseCIDR(entry));
    } catch {}
  }
  const list = { v4, v6, answers: new Map<string, boolean>() };
  if (compiled.size >= COMPILED_KEPT) compiled.clear();
  compiled.set(stored, list);
  return list;
}

/**
 * Whether a request from `ip` may use a key with this allowlist. An unknown address is never
 * allowed. Answers are remembered per address (parsing one costs microseconds; clients call
 * from a few addresses again and again), at most REMEMBERED_ADDRESSES of them.
 */
export function ipAllowed(list: CompiledAllowlist, ip: string | null): boolean {
  if (ip === null) return false;
  const known = list.answers.get(ip);
  if (known !== undefined) return known;
  const address = parseAddress(ip);
  let allowed = false;
  if (address) {
    const ranges = address.kind() === "ipv4" ? list.v4 : list.v6;
    allowed = ranges.some((range) => address.match(range));
  }
  remember(list.answers, REMEMBERED_ADDRESSES, ip, allowed);
  return allowed;
}
