// npm run db:migrate – apply pending migrations to DATABASE_URL (default: the SQLite file).
import { describeDatabase, prepareDatabase } from "./prepare";

prepareDatabase()
  .then(({ url, applied }) => {
    console.log(`${describeDatabase(url)}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}.`);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
