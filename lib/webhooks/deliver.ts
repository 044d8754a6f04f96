// One delivery: an HTTP POST of the signed body, with a 10 s deadline for the whole exchange,
// no redirects followed (a 3xx is a failed attempt), and a connection only to an address that
// passes the URL policy. The check happens in the socket's own DNS lookup, so the address
// checked is the address connected to: a name that resolves to a private address at delivery
// time (DNS rebinding) is refused like one that did at subscription time.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIPv6 } from "node:net";
import { isKeydeskError } from "../errors";
import { addressRefusal, allowLocalWebhooks, ipLiteral, parseWebhookUrl, type Resolver, systemResolver } from "./url-policy";

export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_KEEP_BYTES = 1024;

export type DeliveryResult = { ok: boolean; status: number | null; durationMs: number; error: string | null; response: string };

export type DeliveryOptions = { timeoutMs?: number; allowLocal?: boolean; resolve?: Resolver };

class BlockedAddress extends Error {}

function guardedLookup(resolve: Resolver, allowLocal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(new Error(`${hostname} could not be resolved`), "", 4);
        for (const address of addresses) {
          const refusal = addressRefusal(address, allowLocal);
          if (refusal) return callback(new BlockedAddress(`${hostname} resolves to ${address}, which ${refusal}`), "", 4);
        }
        const family = options.family === 6 ? 6 : options.family === 4 ? 4 : 0;
        const usable = addresses.filter((a) => family === 0 || (family === 6) === isIPv6(a));
        if (usable.length === 0) return callback(new Error(`${hostname} has no IPv${family} address`), "", family);
        if (options.all) {
          (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(
            null,
            usable.map((address) => ({ address, family: isIPv6(address) ? 6 : 4 })),
          );
        } else {
          const [first] = usable;
          callback(null, first, isIPv6(first) ? 6 : 4);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

function describeError(error: unknown, timeoutMs: number): string {
  if (error instanceof BlockedAddress) return `Blocked: ${error.message}.`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ETIMEDOUT_KEYDESK") return `No response within ${Math.round(timeoutMs / 1000)} s.`;
  if (code === "ECONNREFUSED") return "Connection refused.";
  if (code === "ECONNRESET") return "The connection was reset.";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "The host name could not be resolved.";
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 300);
}

export async function postWebhook(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const allowLocal = options.allowLocal ?? allowLocalWebhooks();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl, allowLocal);
  } catch (error) {
    return {
      ok: false,
      status: null,
      durationMs: 0,
      error: isKeydeskError(error) ? `Blocked: ${error.message}` : "Invalid URL.",
      response: "",
    };
  }
  const literal = ipLiteral(url);
  if (literal) {
    const refusal = addressRefusal(literal, allowLocal);
    if (refusal) return { ok: false, status: null, durationMs: 0, error: `Blocked: ${literal} ${refusal}.`, response: "" };
  }
  const secure = url.protocol === "https:";
  const payload = Buffer.from(body, "utf8");

  return new Promise<DeliveryResult>((settle) => {
    let done = false;
    const finish = (result: Omit<DeliveryResult, "durationMs">) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      settle({ ...result, durationMs: elapsed() });
    };
    const request = (secure ? https : http).request(
      url,
      {
        method: "POST",
        agent: secure ? agents.https : agents.http,
        lookup: guardedLookup(options.resolve ?? systemResolver, allowLocal),
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(payload.length),
          "user-agent": "Keydesk-Webhooks/1.0",
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const status = response.statusCode ?? 0;
        const complete = () => {
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_KEEP_BYTES).toString("utf8");
          const ok = status >= 200 && status < 300;
          finish({
            ok,
            status,
            error: ok ? null : status >= 300 && status < 400 ? "Redirects are not followed." : `The receiver answered ${status}.`,
            response: text,
          });
        };
        response.on("data", (chunk: Buffer) => {
          if (kept < RESPONSE_KEEP_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          if (kept >= RESPONSE_KEEP_BYTES) {
            complete();
            response.destroy();
          }
        });
        response.on("end", complete);
        response.on("error", complete);
      },
    );
    const timer = setTimeout(() => {
      const error = Object.assign(new Error("timed out"), { code: "ETIMEDOUT_KEYDESK" });
      request.destroy(error);
      finish({ ok: false, status: null, error: describeError(error, timeoutMs), response: "" });
    }, timeoutMs);
    request.on("error", (error) => finish({ ok: false, status: null, error: describeError(error, timeoutMs), response: "" }));
    request.end(payload);
  });
}
