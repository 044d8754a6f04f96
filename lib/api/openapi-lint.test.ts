// The OpenAPI document passes both linters third-party tools use, with nothing to report:
// Redocly CLI (its recommended rules) and Spectral (spectral:oas), errors and warnings alike.
// Linted as served without KEYDESK_API_URL (the server is the path) and with an endpoint
// configured; lib/api/contract.int.test.ts checks that the mounts serve this same document.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "./app";

const run = promisify(execFile);
const bin = (name: string) => path.join(import.meta.dirname, "../../node_modules/.bin", name);
let dir: string;
let files: string[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "keydesk-openapi-"));
  files = [
    ["served.json", "/api/v1"],
    ["configured.json", "https://api.keydesk.test/api/v1"],
  ].map(([name, endpoint]) => {
    const file = path.join(dir, name!);
    writeFileSync(file, JSON.stringify(openApiDocument(endpoint!), null, 2));
    return file;
  });
  writeFileSync(path.join(dir, ".spectral.yaml"), 'extends: ["spectral:oas"]\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command's stdout, whatever its exit code (both exit non-zero when they find something). */
async function output(command: string, args: string[]): Promise<string> {
  try {
    return (await run(command, args, { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: "off", NO_COLOR: "1" } })).stdout;
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  }
}

describe("the OpenAPI document", () => {
  it("has no errors and no warnings from redocly lint (recommended)", async () => {
    for (const file of files) {
      const report = JSON.parse(await output(bin("redocly"), ["lint", file, "--format=json", "--extends=recommended"])) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      expect(report.problems.map((p) => `${path.basename(file)} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    }
  }, 30_000);

  it("has nothing to report from Spectral (spectral:oas)", async () => {
    const text = await output(bin("spectral"), [
      "lint",
      ...files,
      "--ruleset",
      ".spectral.yaml",
      "--format",
      "json",
      "--fail-severity",
      "hint",
    ]);
    const results = JSON.parse(text.slice(text.indexOf("["), text.lastIndexOf("]") + 1)) as {
      code: string;
      path: string[];
      message: string;
    }[];
    expect(results.map((r) => `${r.code} at ${r.path.join(".")}: ${r.message}`)).toEqual([]);
  }, 30_000);
});
