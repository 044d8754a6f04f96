// Generators of hostile input for the bad-input suites: strings from all of Unicode (lone
// surrogates included), huge and empty ones, wrong types, deep and prototype-polluting objects,
// and malformed or truncated API tokens.
import fc from "fast-check";
import { generateToken } from "../keys/token";

const polluting = () =>
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"name":"x"}') as unknown);

const hostileString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string16bits({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.constantFrom("", " ", "\u0000", "\ud800", "a\u202eb", "\u200b", "😀", "null", "undefined", "NaN", "__proto__", "0x10", "1e1"),
  fc.constant("x".repeat(70_000)),
);

/** Tokens that look almost right: truncated, one character off, wrong prefix, random. */
const hostileToken = fc.oneof(
  fc.nat(80).map((n) => generateToken().token.slice(0, n)),
  fc.nat(79).map((i) => {
    const t = generateToken().token;
    return t.slice(0, i) + (t[i] === "a" ? "b" : "a") + t.slice(i + 1);
  }),
  fc.constant(generateToken().token),
  hostileString,
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: "small" },
  hostileString,
  hostileToken,
  fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false, withMap: true, withSet: true, withDate: true }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 4 }),
  polluting(),
  fc.constant(Array.from({ length: 2000 }, (_, i) => `item${i}`)),
);

/**
 * Objects with keys the forms and API bodies use (and others), holding hostile values, mixed
 * with `real` ones (existing ids, valid names) so that some cases get past parsing into the
 * domain rules.
 */
export function hostileObject(keys: readonly string[], real: readonly unknown[] = []) {
  const value = real.length > 0 ? fc.oneof(hostileValue, fc.constantFrom(...real)) : hostileValue;
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...keys, "__proto__", "constructor", "extra"), value, { maxKeys: 6 }),
    polluting(),
    hostileValue,
  );
}

export const FORM_KEYS = [
  "id",
  "name",
  "description",
  "apiSets",
  "expiresIn",
  "expiresAt",
  "keyId",
  "clientId",
  "userId",
  "roleId",
  "roleIds",
  "authorities",
  "email",
  "password",
  "passwordMode",
  "disabled",
  "enabled",
  "sessionId",
  "grace",
  "maxActiveKeys",
  "maxLifetimeDays",
  "defaultLifetimeDays",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "token",
  "url",
  "events",
  "webhookId",
  "subscriptionId",
  "eventId",
  "deliveryId",
  "expiringDays",
] as const;

/** True when Object.prototype was polluted by anything that ran. */
export function prototypePolluted(): boolean {
  return "polluted" in Object.prototype || "polluted" in ({} as Record<string, unknown>);
}
