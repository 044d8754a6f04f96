// npm run db:seed -- --demo   a few demo users with keys, for trying the console
// Runs against DATABASE_URL (default: the SQLite file under data/), after migrating it.
import { prepareDatabase, describeDatabase } from "./prepare";

const modes: Record<string, () => Promise<{ default: () => Promise<void> }>> = {
  "--demo": () => import("./seed/demo"),
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
