// Where webhooks may be sent. Keydesk makes these requests from inside the organisation's
// network, so a URL must not reach the network's own services (SSRF): https only, and never an
// address that is loopback, private, link-local, unique-local, carrier-grade NAT, a cloud
// metadata service or any other special range, for IPv4 and IPv6 (IPv4-mapped IPv6 included).
// Names are checked when a subscription is saved and again at every delivery, after resolving,
// on the address actually connected to (lib/webhooks/deliver.ts), so a name that later
// resolves elsewhere (DNS rebinding) is refused too. KEYDESK_ALLOW_HTTP_WEBHOOKS=1 (tests,
// development) also allows http:// and loopback addresses for localhost receivers.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { KeydeskError } from "../errors";
import { WEBHOOK_URL_MAX } from "./schemas";

export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function allowLocalWebhooks(): boolean {
  return process.env.KEYDESK_ALLOW_HTTP_WEBHOOKS === "1";
}

export type UrlPolicy = { allowLocal?: boolean; resolve?: Resolver };

/** Why this address may not be sent to, or null when it may. */
export function addressRefusal(address: string, allowLocal: boolean): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "is not an IP address";
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && allowLocal) return null;
  const described: Record<string, string> = {
    loopback: "is a loopback address",
    private: "is a private address",
    linkLocal: "is a link-local address (cloud metadata services live there)",
    uniqueLocal: "is a unique-local address",
    carrierGradeNat: "is a carrier-grade NAT address",
    unspecified: "is unspecified",
    multicast: "is a multicast address",
    broadcast: "is the broadcast address",
  };
  return described[range] ?? `is in a reserved range (${range})`;
}

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

function invalid(message: string): KeydeskError {
  return new KeydeskError("validation_failed", message, { field: "url" });
}

/** Checks the URL's form (no network): scheme, credentials, host. Returns the parsed URL. */
export function parseWebhookUrl(raw: string, allowLocal = allowLocalWebhooks()): URL {
  if (raw.length > WEBHOOK_URL_MAX) throw invalid(`Use a URL of at most ${WEBHOOK_URL_MAX} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("Enter a full URL, starting with https://.");
  }
  const local = LOOPBACK_NAMES.has(url.hostname) || url.hostname.endsWith(".localhost");
  if (url.protocol === "http:") {
    if (!(allowLocal && local)) throw invalid("Use an https:// URL.");
  } else if (url.protocol !== "https:") {
    throw invalid("Use an https:// URL.");
  }
  if (url.username || url.password) throw invalid("Put no user name or password in the URL.");
  if (!url.hostname) throw invalid("Enter a URL with a host name.");
  if (url.hash) throw invalid("Leave out the #fragment.");
  return url;
}

/** The URL's host as an IP literal (brackets removed), or null for a name. */
export function ipLiteral(url: URL): string | null {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return ipaddr.isValid(host) && (host.includes(":") || ipaddr.IPv4.isValidFourPartDecimal(host)) ? host : null;
}

/** Resolves the host and checks every address it names. Throws a field error for the form. */
async function assertDeliverableAddresses(url: URL, policy: UrlPolicy = {}): Promise<string[]> {
  const allowLocal = policy.allowLocal ?? allowLocalWebhooks();
  const literal = ipLiteral(url);
  let addresses: string[];
  if (literal) {
    addresses = [literal];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(url.hostname);
    } catch {
      throw invalid(`${url.hostname} could not be resolved.`);
    }
    if (addresses.length === 0) throw invalid(`${url.hostname} could not be resolved.`);
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, allowLocal);
    if (refusal) {
      throw invalid(
        literal
          ? `Webhooks cannot be sent to ${address}: it ${refusal}.`
          : `Webhooks cannot be sent to ${url.hostname}: it resolves to ${address}, which ${refusal}.`,
      );
    }
  }
  return addresses;
}

/** Full check at subscription time: form, then resolution. Returns the normalised URL. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy = {}): Promise<string> {
  const url = parseWebhookUrl(raw.trim(), policy.allowLocal ?? allowLocalWebhooks());
  await assertDeliverableAddresses(url, policy);
  return url.toString();
}

/** A URL as shown in audit rows: without its query string, which may carry a token. */
export function auditableUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "";
  }
}
