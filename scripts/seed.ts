// npm run db:seed -- --demo   a few demo users with keys, for trying the console
// npm run db:seed -- --scale [--users=N]
//                             bulk data for measuring the administration pages: 100,000 users,
//                             300,000 keys and their audit trail (scripts/seed/scale.ts)
// Runs against DATABASE_URL (default: the SQLite file under data/), after migrating it.
import { describeDatabase, prepareDatabase } from "./prepare";

const modes: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  "--demo": () => import("./seed/demo"),
  "--scale": () => import("./seed/scale"),
};

async function main() {
  const mode = process.argv.slice(2).find((a) => a in modes);
  if (!mode) {
    console.error(`Usage: npm run db:seed -- ${Object.keys(modes).join(" | ")}`);
    process.exit(1);
  }
  const { url } = await prepareDatabase();
  console.log(`Seeding ${describeDatabase(url)} (${mode.slice(2)})…`);
  await (await modes[mode]()).default();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
