// postinstall: generate the two Prisma clients (SQLite and PostgreSQL) that lib/db chooses from
// at run time. Offline by design: prisma.config.ts selects the JS engine, so nothing downloads.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(root, "node_modules", ".bin", "prisma");

execFileSync(process.execPath, [path.join(root, "scripts", "derive-postgres-schema.mjs"), "--check"], {
  stdio: "inherit",
});
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  execFileSync(prisma, ["generate", "--schema", schema], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
console.log("Prisma clients generated (SQLite, PostgreSQL).");
