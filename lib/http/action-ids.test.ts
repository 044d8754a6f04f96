// The build's server-action ids, read from Next.js's manifest, and the check of the action ids
// a form posted without JavaScript names.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formActionsKnown, readActionIds } from "./action-ids";

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

describe("formActionsKnown", () => {
  const ids = new Set([A, B]);
  const form = (fields: [string, string][]) => {
    const f = new FormData();
    for (const [name, value] of fields) f.append(name, value);
    return f;
  };

  it("lets through forms naming actions the build has", () => {
    expect(
      formActionsKnown(
        form([
          [`$ACTION_ID_${A}`, ""],
          ["email", "a@b.c"],
        ]),
        ids,
      ),
    ).toBe(true);
    expect(
      formActionsKnown(
        form([
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", `{"id":"${B}","bound":"$@1"}`],
        ]),
        ids,
      ),
    ).toBe(true);
  });

  it("refuses unknown or malformed action ids, forms without an action, and more than two references", () => {
    expect(formActionsKnown(form([[`$ACTION_ID_${UNKNOWN}`, ""]]), ids)).toBe(false);
    expect(formActionsKnown(form([["$ACTION_ID_x", ""]]), ids)).toBe(false);
    expect(formActionsKnown(form([["email", "a@b.c"]]), ids)).toBe(false);
    expect(formActionsKnown(form([["$ACTION_REF_1", ""]]), ids)).toBe(false);
    expect(
      formActionsKnown(
        form([
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", `{"id":"${UNKNOWN}"}`],
        ]),
        ids,
      ),
    ).toBe(false);
    expect(
      formActionsKnown(
        form([
          ["$ACTION_REF_1", ""],
          ["$ACTION_1:0", "garbage"],
        ]),
        ids,
      ),
    ).toBe(false);
    const refs: [string, string][] = [1, 2, 3].flatMap((n) => [
      [`$ACTION_REF_${n}`, ""],
      [`$ACTION_${n}:0`, `{"id":"${A}"}`],
    ]);
    expect(formActionsKnown(form(refs), ids)).toBe(false);
  });
});
