// Webhook signing secrets. The server must sign with the secret itself (HMAC), so unlike API
// keys it cannot keep only a hash: it keeps the secret encrypted (AES-256-GCM) under a key
// derived from the server's key pepper, shows it to the owner once (at creation and at each
// rotation), and never logs it or puts it in a payload, an audit row or an error.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { serverSecrets } from "../server-secrets";

const SECRET_PREFIX = "whsec_";
/** Standard Webhooks asks for 24 to 64 random bytes. */
const SECRET_BYTES = 32;
/** After a rotation the old secret signs beside the new one for this long. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString("base64");
}

let derived: { pepper: string; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const pepper = serverSecrets().keyPepper;
  if (derived?.pepper !== pepper) {
    derived = { pepper, key: Buffer.from(hkdfSync("sha256", pepper, "keydesk", "webhook signing secrets v1", 32)) };
  }
  return derived.key;
}

/** "v1.<iv>.<tag>.<ciphertext>", each base64url. */
export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), body].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("unreadable webhook secret");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** The secrets that sign right now: the current one, and the previous one during its overlap. */
export function signingSecrets(
  row: { secretCipher: string; previousSecretCipher: string | null; previousSecretUntil: Date | null },
  now: Date,
): string[] {
  const secrets = [decryptSecret(row.secretCipher)];
  if (row.previousSecretCipher && row.previousSecretUntil && row.previousSecretUntil > now) {
    secrets.push(decryptSecret(row.previousSecretCipher));
  }
  return secrets;
}
