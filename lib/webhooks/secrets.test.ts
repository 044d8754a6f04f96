import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateWebhookSecret, signingSecrets } from "./secrets";

process.env.AUTH_SECRET ??= "unit-auth-secret";
process.env.KEYDESK_KEY_PEPPER ??= "unit-key-pepper";

describe("webhook secrets", () => {
  it("are whsec_ plus base64 of 32 random bytes", () => {
    const a = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(a);
  });

  it("are stored encrypted: the stored form does not contain them, and tampering is detected", () => {
    const secret = generateWebhookSecret();
    const stored = encryptSecret(secret);
    expect(stored).not.toContain(secret.slice(6, 20));
    expect(encryptSecret(secret)).not.toBe(stored); // a fresh IV each time
    expect(decryptSecret(stored)).toBe(secret);
    const parts = stored.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    expect(() => decryptSecret([parts[0], parts[1], parts[2], body.toString("base64url")].join("."))).toThrow();
    expect(() => decryptSecret("nonsense")).toThrow();
  });

  it("sign with the previous secret too until its overlap ends", () => {
    const current = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const row = {
      secretCipher: encryptSecret(current),
      previousSecretCipher: encryptSecret(previous),
      previousSecretUntil: new Date(2_000),
    };
    expect(signingSecrets(row, new Date(1_000))).toEqual([current, previous]);
    expect(signingSecrets(row, new Date(2_000))).toEqual([current]);
  });
});
