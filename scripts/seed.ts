// npm run db:seed -- <mode>
//   --scale [--users=N]  bulk data for measuring the administration pages: 100,000 users (60% with
//                        API access), 300,000 keys (5 per such user: active, expiring, expired,
//                        revoked), a custom role and the matching audit trail. Refuses to run
//                        twice on one database.
// Seeding applies pending migrations first. DATABASE_URL picks the database (default: SQLite
// under data/).
import { describeDatabase, prepareDatabase } from "./prepare";
import { seedScale } from "./seed-scale";

const MODES = ["--scale"] as const;

async function main() {
  const args = process.argv.slice(2);
  const mode = args.find((a) => (MODES as readonly string[]).includes(a));
  if (!mode) {
    console.error(`Usage: npm run db:seed -- ${MODES.join(" | ")} [options]`);
    process.exit(2);
  }
  const { url } = await prepareDatabase();
  console.log(`Seeding ${describeDatabase(url)}…`);
  if (mode === "--scale") {
    const usersArg = args.find((a) => a.startsWith("--users="));
    const users = usersArg ? Number(usersArg.slice("--users=".length)) : 100_000;
    if (!Number.isInteger(users) || users < 5 || users > 2_000_000) throw new Error("--users must be a whole number from 5 to 2,000,000");
    await seedScale(url, { users });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
