// The benchmark's reference: bare node:http + a better-sqlite3 prepared statement + HMAC-SHA256,
// doing the same check as POST /api/v1/verify on the same data - authenticate the caller's key
// (Bearer, must carry keys:verify), then look up and judge the key in the body - with no
// framework, no cache and no usage recording. Run by bench/run.ts; not part of the product.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import { parseToken } from "../lib/keys/token";

const file = process.env.BENCH_SQLITE_FILE!;
const pepper = process.env.KEYDESK_KEY_PEPPER!;
const port = Number(process.env.BENCH_PORT);

const db = new Database(file, { readonly: true, fileMustExist: true });
db.pragma("journal_mode = WAL");
const lookup = db.prepare(`
  SELECT k."clientId", k."secretHash", k."apiSets", k."expiresAt", k."revokedAt",
         u."id" AS "ownerId", u."name", u."email", u."disabled", u."apiAccess", r."id" AS "roleId", r."authorities"
  FROM "ApiKey" k JOIN "User" u ON u."id" = k."userId"
  LEFT JOIN "UserRole" ur ON ur."userId" = u."id" LEFT JOIN "Role" r ON r."id" = ur."roleId"
  WHERE k."clientId" = ?`);

type Row = {
  clientId: string;
  secretHash: string;
  apiSets: string;
  expiresAt: string;
  revokedAt: string | null;
  ownerId: string;
  name: string;
  email: string;
  disabled: number;
  apiAccess: number;
  roleId: string | null;
  authorities: string | null;
};

type Verdict = { code: string | null; row: Row | null };

function judge(token: string): Verdict {
  const parsed = parseToken(token);
  if (!parsed) return { code: "invalid_key", row: null };
  const rows = lookup.all(parsed.clientId) as Row[];
  if (rows.length === 0) return { code: "invalid_key", row: null };
  const row = rows[0];
  const expected = Buffer.from(row.secretHash, "hex");
  const actual = createHmac("sha256", pepper).update(parsed.secret).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { code: "invalid_key", row: null };
  if (row.revokedAt) return { code: "key_revoked", row };
  if (Date.parse(row.expiresAt) <= Date.now()) return { code: "key_expired", row };
  if (row.disabled) return { code: "user_disabled", row };
  if (!row.apiAccess) return { code: "api_access_disabled", row };
  const canUse = rows.some((r) => r.roleId === "role_admin" || (r.authorities ?? "").split(" ").includes("keys:use"));
  if (!canUse) return { code: "forbidden", row };
  return { code: null, row };
}

function send(res: import("node:http").ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": status === 200 ? "application/json" : "application/problem+json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const auth = req.headers.authorization ?? "";
    const caller = judge(auth.startsWith("Bearer ") ? auth.slice(7) : "");
    if (caller.code) return send(res, 401, { code: caller.code });
    if (!caller.row!.apiSets.split(" ").includes("keys:verify")) return send(res, 403, { code: "insufficient_scope" });
    let key: unknown;
    try {
      key = JSON.parse(Buffer.concat(chunks).toString("utf8")).key;
    } catch {
      return send(res, 400, { code: "malformed_request" });
    }
    if (typeof key !== "string") return send(res, 422, { code: "validation_failed" });
    const { code, row } = judge(key);
    send(res, 200, {
      valid: code === null,
      code,
      clientId: row?.clientId ?? null,
      owner: row ? { id: row.ownerId, name: row.name, email: row.email } : null,
      apiSets: row ? row.apiSets.split(" ") : [],
      expiresAt: row ? new Date(row.expiresAt).toISOString() : null,
    });
  });
}).listen(port, "127.0.0.1", () => console.log(`reference listening on ${port}`));
