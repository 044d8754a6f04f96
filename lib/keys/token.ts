// The API key token: kdk_<client id>_<secret><checksum>
//   kdk_      a fixed prefix, so people and secret scanners recognise a Keydesk key;
//   client id 20 base62 characters, public, the key's identity (one indexed lookup);
//   secret    43 base62 characters drawn uniformly (43 · log2 62 ≈ 256.03 bits of randomness);
//   checksum  CRC32 of everything before it, as 6 base62 characters, so a typo or a scanner's
//             false positive is rejected without touching the database.
// Only HMAC-SHA256(pepper, secret) is stored; comparisons are constant-time.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { CHECKSUM_LENGTH, CLIENT_ID_LENGTH, SECRET_LENGTH, TOKEN_LENGTH, TOKEN_PREFIX } from "./token-shape";

export { CLIENT_ID_LENGTH, looksLikeToken, redactTokens, SECRET_LENGTH, TOKEN_LENGTH, TOKEN_PREFIX } from "./token-shape";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TOKEN_PATTERN = new RegExp(
  `^${TOKEN_PREFIX}([0-9A-Za-z]{${CLIENT_ID_LENGTH}})_([0-9A-Za-z]{${SECRET_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
);

/** `length` base62 characters, each uniform: bytes ≥ 248 (= 4·62) are discarded, not folded. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(Math.ceil((length - out.length) * 1.1) + 4)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function encodeChecksum(value: number): string {
  let n = value >>> 0;
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

function checksumOf(body: string): string {
  return encodeChecksum(crc32(body));
}

export type GeneratedToken = { clientId: string; secret: string; token: string };

export function generateToken(): GeneratedToken {
  const clientId = randomBase62(CLIENT_ID_LENGTH);
  const secret = randomBase62(SECRET_LENGTH);
  const body = `${TOKEN_PREFIX}${clientId}_${secret}`;
  return { clientId, secret, token: body + checksumOf(body) };
}

export type ParsedToken = { clientId: string; secret: string };

/** A token's parts as its shape gives them; its checksum is checked by checksumMatches. */
export type TokenParts = ParsedToken & { token: string; checksum: string };

/** Splits a well-shaped token into its parts without checking its checksum; null when malformed. */
export function splitToken(input: string): TokenParts | null {
  if (typeof input !== "string" || input.length !== TOKEN_LENGTH) return null;
  const match = TOKEN_PATTERN.exec(input);
  if (!match) return null;
  return { token: input, clientId: match[1], secret: match[2], checksum: match[3] };
}

/** Whether the token's checksum is that of everything before it. */
export function checksumMatches(parts: TokenParts): boolean {
  return checksumOf(parts.token.slice(0, TOKEN_LENGTH - CHECKSUM_LENGTH)) === parts.checksum;
}

/** Splits a token into its parts, or null when it is malformed or its checksum is wrong. */
export function parseToken(input: string): ParsedToken | null {
  const parts = splitToken(input);
  if (!parts || !checksumMatches(parts)) return null;
  return { clientId: parts.clientId, secret: parts.secret };
}

/** The hint shown in lists: the token's last four characters. */
export function secretHint(token: string): string {
  return token.slice(-4);
}

export function hashSecret(secret: string, pepper: string): string {
  return createHmac("sha256", pepper).update(secret).digest("hex");
}

/** Constant-time check of a presented secret against the stored hash (`hashSecret`'s hex). */
export function secretHashMatches(storedHash: string, secret: string, pepper: string): boolean {
  const expected = Buffer.from(storedHash, "hex");
  const actual = createHmac("sha256", pepper).update(secret).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
