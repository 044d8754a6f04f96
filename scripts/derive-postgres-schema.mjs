// Derives prisma/postgres/schema.prisma from prisma/schema.prisma (the one source of the model).
//   node scripts/derive-postgres-schema.mjs          write the derived schema
//   node scripts/derive-postgres-schema.mjs --check  exit 1 when the committed copy has drifted
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "prisma", "schema.prisma");
const target = path.join(root, "prisma", "postgres", "schema.prisma");

export function derivePostgresSchema(text) {
  const replaced = text
    .replace(/^\/\/ Keydesk data model\.[^\n]*\n(\/\/[^\n]*\n)*/m, "")
    .replace('output                 = "../lib/db/generated/sqlite"', 'output                 = "../../lib/db/generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./unused.db"', 'url      = "postgresql://unused@localhost/unused"');
  if (replaced === text || !replaced.includes('"postgresql"') || !replaced.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the generator/datasource lines this script rewrites");
  }
  return `// GENERATED from prisma/schema.prisma by scripts/derive-postgres-schema.mjs. Do not edit.\n${replaced}`;
}

const derived = derivePostgresSchema(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== derived) {
    console.error("prisma/postgres/schema.prisma is out of date: run `node scripts/derive-postgres-schema.mjs`.");
    process.exit(1);
  }
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, derived);
}
