// Secrets Keydesk needs at run time: the Auth.js session secret and the pepper mixed into every
// API-key hash. Taken from AUTH_SECRET / KEYDESK_KEY_PEPPER when set (several instances must
// share them), otherwise generated once and kept in <data>/secrets.json (mode 0600, gitignored).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "./db/database-url";

export type ServerSecrets = { authSecret: string; keyPepper: string };

let cached: ServerSecrets | undefined;

function readFile(file: string): Partial<ServerSecrets> {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Partial<ServerSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`${file} is not readable JSON; fix or remove it (removing it invalidates every API key).`);
  }
}

/** Reads (or on first use creates) the secrets. Idempotent and safe across processes. */
export function serverSecrets(): ServerSecrets {
  if (cached) return cached;
  const fromEnv = { authSecret: process.env.AUTH_SECRET, keyPepper: process.env.KEYDESK_KEY_PEPPER };
  if (fromEnv.authSecret && fromEnv.keyPepper) {
    cached = fromEnv as ServerSecrets;
    return cached;
  }

  const file = path.join(dataDir(), "secrets.json");
  let stored = readFile(file);
  if (!stored.authSecret || !stored.keyPepper) {
    mkdirSync(path.dirname(file), { recursive: true });
    const fresh = {
      authSecret: stored.authSecret ?? randomBytes(32).toString("base64url"),
      keyPepper: stored.keyPepper ?? randomBytes(32).toString("base64url"),
    };
    // Write-then-rename so a concurrent reader never sees half a file; a concurrent writer at
    // worst replaces it with its own fresh values before anything has used either.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
    stored = readFile(file);
  }
  const authSecret = fromEnv.authSecret ?? stored.authSecret;
  const keyPepper = fromEnv.keyPepper ?? stored.keyPepper;
  if (!authSecret || !keyPepper) throw new Error(`Could not read the server secrets from ${file}`);
  cached = { authSecret, keyPepper };
  return cached;
}
