// The build's server-action ids, read from Next.js's manifest, and the check of the action ids
// a form posted without JavaScript names.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkFormActions, readActionIds, readRouteHandlerPaths } from "./action-ids";

const A = "40".padEnd(42, "a");
const B = "7f".padEnd(42, "b");
const UNKNOWN = "40".padEnd(42, "c");

const dirs: string[] = [];
function distDir(manifest: string | null): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keydesk-action-ids-"));
  dirs.push(dir);
  if (manifest !== null) {
    mkdirSync(path.join(dir, "server"));
    writeFileSync(path.join(dir, "server", "server-reference-manifest.json"), manifest);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("readActionIds", () => {
  it("reads the ids of both runtimes and nothing else (not the encryption key)", () => {
    const read = readActionIds(
      distDir(JSON.stringify({ node: { [A]: { exportedName: "a" } }, edge: { [B]: {} }, encryptionKey: "secret-key-material" })),
    );
    expect("ids" in read && [...read.ids].sort()).toEqual([A, B]);
  });

  it("says why when the manifest is missing, unreadable or of an unexpected shape", () => {
    for (const manifest of [null, "{", JSON.stringify({ node: [] }), JSON.stringify({ node: { "not-an-id": {} } })]) {
      const read = readActionIds(distDir(manifest));
      expect("error" in read, String(manifest)).toBe(true);
      if ("error" in read) expect(read.error).not.toContain("secret");
    }
  });
});

describe("checkFormActions", () => {
  const ids = new Set([A, B]);
  const form = (fields: [string, string][]) => {
    const f = new FormData();
    for (const [name, value] of fields) f.append(name, value);
    return f;
  };
  const status = (fields: [string, string][]) => {
    const verdict = checkFormActions(form(fields), ids);
    return verdict.ok ? "ok" : verdict.status;
  };

  it("lets through forms naming actions the build has", () => {
    expect(
      status([
        [`$ACTION_ID_${A}`, ""],
        ["email", "a@b.c"],
      ]),
    ).toBe("ok");
    expect(
      status([
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", `{"id":"${B}","bound":"$@1"}`],
      ]),
    ).toBe("ok");
  });

  it("answers unknown ids 409, and malformed ids, forms without an action and more than two references 400", () => {
    expect(status([[`$ACTION_ID_${UNKNOWN}`, ""]])).toBe(409);
    expect(
      status([
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", `{"id":"${UNKNOWN}"}`],
      ]),
    ).toBe(409);
    expect(status([["$ACTION_ID_x", ""]])).toBe(400);
    expect(status([["email", "a@b.c"]])).toBe(400);
    expect(status([["$ACTION_REF_1", ""]])).toBe(400);
    expect(
      status([
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", "garbage"],
      ]),
    ).toBe(400);
    expect(
      status([
        ["$ACTION_REF_1", ""],
        ["$ACTION_1:0", '{"id":"zz"}'],
      ]),
    ).toBe(400);
    const refs: [string, string][] = [1, 2, 3].flatMap((n) => [
      [`$ACTION_REF_${n}`, ""],
      [`$ACTION_${n}:0`, `{"id":"${A}"}`],
    ]);
    expect(status(refs)).toBe(400);
  });
});

describe("readRouteHandlerPaths", () => {
  it("matches the build's route handlers outside /api, with their dynamic segments", () => {
    const dir = distDir(null);
    writeFileSync(
      path.join(dir, "app-path-routes-manifest.json"),
      JSON.stringify({
        "/(console)/admin/keys/export/route": "/admin/keys/export",
        "/(console)/files/[id]/route": "/files/[id]",
        "/docs/[[...slug]]/route": "/docs/[[...slug]]",
        "/api/health/route": "/api/health",
        "/(console)/profile/page": "/profile",
      }),
    );
    const isHandler = readRouteHandlerPaths(dir);
    for (const p of ["/admin/keys/export", "/admin/keys/export/", "/files/abc", "/docs", "/docs/a/b"]) expect(isHandler(p), p).toBe(true);
    for (const p of ["/profile", "/admin/keys", "/files", "/files/a/b", "/api/health", "/login"]) expect(isHandler(p), p).toBe(false);
    expect(readRouteHandlerPaths(distDir(null))("/admin/keys/export")).toBe(false);
  });
});
