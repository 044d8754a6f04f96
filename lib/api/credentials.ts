// Reads the key from an Authorization header. Two forms are accepted:
//   Authorization: Bearer <secret key>
//   Authorization: Basic base64(<client id>:<secret key>)
// (Basic with the secret key as user name and an empty password works too, as many HTTP tools
// put a single credential there.) Cookies are never looked at. Anything longer than a key could
// be is refused before any parsing.
import { parseToken, TOKEN_LENGTH } from "../keys/token";

export type Credentials =
  | { kind: "none" }
  | { kind: "malformed"; reason: string }
  | { kind: "token"; scheme: "bearer" | "basic"; token: string };

const MAX_HEADER = 512;

export function credentialsFrom(header: string | null | undefined): Credentials {
  if (header === null || header === undefined || header.trim() === "") return { kind: "none" };
  if (header.length > MAX_HEADER) return { kind: "malformed", reason: "The Authorization header is too long to hold an API key." };
  const trimmed = header.trim();
  const space = trimmed.indexOf(" ");
  const scheme = (space < 0 ? trimmed : trimmed.slice(0, space)).toLowerCase();
  const value = space < 0 ? "" : trimmed.slice(space + 1).trim();
  if (scheme === "bearer") {
    if (!value) return { kind: "malformed", reason: "The Bearer credential is empty." };
    return { kind: "token", scheme: "bearer", token: value };
  }
  if (scheme === "basic") return fromBasic(value);
  return { kind: "malformed", reason: "Send the key as `Authorization: Bearer <secret key>` or with HTTP Basic." };
}

function fromBasic(value: string): Credentials {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return { kind: "malformed", reason: "The Basic credential is not valid base64." };
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return { kind: "malformed", reason: "The Basic credential needs a client id and a secret key separated by a colon." };
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (password === "" && user.length === TOKEN_LENGTH) return { kind: "token", scheme: "basic", token: user };
  const parsed = parseToken(password);
  // The user name must be the key's own client id; a mismatch is as bad as a wrong secret.
  if (!parsed || parsed.clientId !== user) {
    return { kind: "malformed", reason: "Use the client id as the user name and the whole secret key as the password." };
  }
  return { kind: "token", scheme: "basic", token: password };
}
