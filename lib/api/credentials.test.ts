import { describe, expect, it } from "vitest";
import { generateToken } from "../keys/token";
import { basicAuth } from "../testing/api-requests";
import { credentialsFrom } from "./credentials";

describe("credentialsFrom", () => {
  const { token, clientId } = generateToken();

  it("reads Bearer in any case of the scheme, with surrounding spaces", () => {
    expect(credentialsFrom(`Bearer ${token}`)).toEqual({ kind: "token", scheme: "bearer", token });
    expect(credentialsFrom(`  bearer   ${token}  `)).toEqual({ kind: "token", scheme: "bearer", token });
  });

  it("reads Basic as client id and secret key, or the secret key alone as user name", () => {
    expect(credentialsFrom(basicAuth(clientId, token))).toEqual({ kind: "token", scheme: "basic", token });
    expect(credentialsFrom(basicAuth(token, ""))).toEqual({ kind: "token", scheme: "basic", token });
  });

  it("treats no header as none and everything odd as malformed", () => {
    expect(credentialsFrom(undefined)).toEqual({ kind: "none" });
    expect(credentialsFrom("   ")).toEqual({ kind: "none" });
    for (const header of [
      "Bearer",
      "Bearer    ",
      "Digest abc",
      token,
      basicAuth("other-client-id-xxxx", token),
      basicAuth(clientId, "secret"),
      "Basic not*base64",
      `Basic ${Buffer.from(clientId).toString("base64")}`,
      `Bearer ${"a".repeat(600)}`,
    ]) {
      expect(credentialsFrom(header).kind, header.slice(0, 40)).toBe("malformed");
    }
  });
});
