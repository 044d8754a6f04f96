// Standard Webhooks signing (https://www.standardwebhooks.com): webhook-id, webhook-timestamp
// (seconds) and webhook-signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>", one per
// secret, space-separated, so a receiver holding either secret during a rotation verifies).
import { Webhook } from "standardwebhooks";

export type SignedHeaders = { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string };

export function signDelivery(messageId: string, body: string, secrets: readonly string[], at: Date): SignedHeaders {
  // Whole seconds: the header carries seconds, and the signature must cover exactly that value.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(timestamp.getTime() / 1000),
    "webhook-signature": secrets.map((secret) => new Webhook(secret).sign(messageId, timestamp, body)).join(" "),
  };
}
