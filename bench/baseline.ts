// The "before key controls" row of npm run bench: Keydesk as it was on main just before the key
// controls (IP allowlists, deactivation, rate limits, leak reports) were merged, measured in the
// same run as today's code, on the same users, keys and tokens.
//
// The commit is found from the history, not named by hand: the first main commit (first-parent
// history) that added one of the key-controls migrations is the merge that brought them; its
// first parent is main without any of that work but with everything merged before it (the
// lighter verify path among it), so the row measures what this work costs and nothing else.
// `--baseline REV` measures another commit instead.
//
// The commit is materialised with `git archive` into a directory of the run (no worktree
// registered, nothing left in the repository), given this checkout's node_modules through a
// symlink, its own Prisma clients generated, and seeded by its own bench/seed.ts with the data
// passed through a JSON file. A shallow clone, or a commit without the dedicated process served
// from memory, gives a reason instead, and the row is skipped.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BenchData } from "./seed";

/** Migrations that only the key-controls work adds (issue 13). */
const KEY_CONTROLS_MIGRATIONS = ["prisma/migrations/20261201124906_key_controls", "prisma/migrations/20261201130641_rate_limits"];
/** What the baseline must have to be comparable: the dedicated process judging keys from memory. */
const FAST_PATH_FILES = ["scripts/start-api.ts", "lib/api/key-verifier.ts", "bench/seed.ts"];

export type Baseline = { dir: string; commit: string; subject: string };

function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

function gitOk(root: string, args: string[]): boolean {
  try {
    git(root, args);
    return true;
  } catch {
    return false;
  }
}

/** The commit to compare with (see the header), or why there is none. */
function findBaseline(root: string, requested: string | null): { commit: string } | { skip: string } {
  if (!gitOk(root, ["rev-parse", "--git-dir"])) return { skip: "not a git checkout" };
  if (requested) {
    return gitOk(root, ["cat-file", "-e", `${requested}^{commit}`])
      ? { commit: git(root, ["rev-parse", `${requested}^{commit}`]) }
      : { skip: `--baseline ${requested} is not a commit of this clone` };
  }
  let added: string[];
  try {
    added = git(root, ["log", "--first-parent", "--diff-filter=A", "--format=%H", "HEAD", "--", ...KEY_CONTROLS_MIGRATIONS])
      .split("\n")
      .filter(Boolean);
  } catch (error) {
    return { skip: `git log failed (${error instanceof Error ? error.message.split("\n")[0] : error})` };
  }
  const shallow = git(root, ["rev-parse", "--is-shallow-repository"]) === "true";
  // Newest first: the last one is where the work first reached main.
  const first = added.at(-1);
  if (!first) {
    return {
      skip: shallow
        ? "shallow clone: the commit that added the key-controls migrations is not in it (fetch with --unshallow)"
        : "no commit on this branch's first-parent history adds the key-controls migrations",
    };
  }
  if (!gitOk(root, ["cat-file", "-e", `${first}^1^{commit}`])) {
    return {
      skip: `the commit before ${first.slice(0, 7)} is not in this clone${shallow ? " (shallow clone: fetch with --unshallow)" : ""}`,
    };
  }
  return { commit: git(root, ["rev-parse", `${first}^1`]) };
}

/**
 * Writes the baseline commit's files into `dir` and makes it runnable, or returns why it cannot
 * (printed by the caller; the row is then skipped, never failed).
 */
export function materializeBaseline(root: string, dir: string, requested: string | null): Baseline | { skip: string } {
  const found = findBaseline(root, requested);
  if ("skip" in found) return found;
  const { commit } = found;
  for (const file of FAST_PATH_FILES) {
    if (!gitOk(root, ["cat-file", "-e", `${commit}:${file}`])) {
      return { skip: `${commit.slice(0, 7)} has no ${file}: not the dedicated process served from memory` };
    }
  }
  if (!requested) {
    for (const migration of KEY_CONTROLS_MIGRATIONS) {
      if (gitOk(root, ["cat-file", "-e", `${commit}:${migration}/migration.sql`])) {
        return { skip: `${commit.slice(0, 7)} already has ${migration}` };
      }
    }
  }
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", 'git archive --format=tar "$1" | tar -x -C "$2"', "sh", commit, dir], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    // Its own clients, from its own schema (generated under its lib/db, not in node_modules).
    execFileSync(process.execPath, ["scripts/generate-clients.mjs"], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skip: `could not materialise ${commit.slice(0, 7)}: ${stderr || (error instanceof Error ? error.message : error)}` };
  }
  if (!existsSync(path.join(dir, "lib", "db", "generated"))) return { skip: `${commit.slice(0, 7)}: no Prisma client was generated` };
  return { dir, commit, subject: git(root, ["log", "-1", "--format=%s", commit]) };
}

/** The script run inside the baseline's directory: its own seed writes the JSON's rows with its own schema. */
const SEED_SCRIPT = `import { readFileSync } from "node:fs";
import { writeBenchSqlite } from "./seed";

const [file, json] = process.argv.slice(2);
const data = JSON.parse(readFileSync(json, "utf8"));
data.created = new Date(data.created);
data.expires = new Date(data.expires);
await writeBenchSqlite(file, data);
`;

/** Seeds `file` with the same users, keys and tokens through the baseline's own bench/seed.ts. */
export function seedBaseline(baseline: Baseline, file: string, data: BenchData, env: NodeJS.ProcessEnv): void {
  const json = path.join(path.dirname(file), "baseline-data.json");
  writeFileSync(json, JSON.stringify(data));
  const script = path.join(baseline.dir, "bench", "seed-from-json.ts");
  writeFileSync(script, SEED_SCRIPT);
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", script, file, json], {
    cwd: baseline.dir,
    env: { ...env, DATABASE_URL: `file:${file}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
